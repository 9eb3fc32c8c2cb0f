using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Prometheus's ingress role: one group per Ingress (Source <c>ingress/namespace/name</c>) with its labels and class,
/// and one target per rule and path at the rule's host, with scheme https when a TLS entry covers the host
/// (<c>*.example.com</c> covers exactly one more leading label).
/// </summary>
public static class IngressTargets
{
    public const string ClassName = MetaLabels.Prefix + "ingress_class_name";
    public const string Scheme = MetaLabels.Prefix + "ingress_scheme";
    public const string Host = MetaLabels.Prefix + "ingress_host";
    public const string Path = MetaLabels.Prefix + "ingress_path";
    public const string Name = MetaLabels.Prefix + "ingress_name";

    public static string Source(string @namespace, string name) => $"ingress/{@namespace}/{name}";

    public static TargetGroup Build(IngressInfo ingress)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [MetaLabels.Namespace] = ingress.Metadata.Namespace };
        ingress.Metadata.AddTo(labels, Name);
        if (ingress.ClassName is { } className)
        {
            labels[ClassName] = className;
        }
        var targets = new List<IReadOnlyDictionary<string, string>>();
        foreach (var rule in ingress.Rules)
        {
            var scheme = ingress.TlsHosts.Any(pattern => Covers(pattern, rule.Host)) ? "https" : "http";
            foreach (var path in rule.Paths)
            {
                targets.Add(new LabelMap(new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [TargetLabelNames.Address] = rule.Host,
                    [Scheme] = scheme,
                    [Host] = rule.Host,
                    [Path] = path,
                }));
            }
        }
        return new TargetGroup { Source = Source(ingress.Metadata.Namespace, ingress.Metadata.Name), Labels = new LabelMap(labels), Targets = targets };
    }

    private static bool Covers(string pattern, string host)
    {
        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return pattern == host;
        }
        var dot = host.IndexOf('.');
        return dot > 0 && host[(dot + 1)..] == pattern[2..];
    }
}
