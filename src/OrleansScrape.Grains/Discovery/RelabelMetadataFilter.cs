using System.IO.Hashing;
using System.Text;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// The Kubernetes labels and annotations worth keeping for a set of jobs: those their relabel rules
/// can read (a <c>source_labels</c> entry, or a name a <c>labelmap</c> regex matches). The rest can
/// never reach a target, so discovery does not hold them. One filter serves all jobs of a shard, so
/// jobs keep sharing watches.
/// </summary>
internal static class RelabelMetadataFilter
{
    public static MetadataFilter For(IEnumerable<ScrapeConfig> jobs)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var maps = new List<RelabelRegex>();
        foreach (var rule in jobs.SelectMany(j => j.RelabelConfigs))
        {
            if (rule.Action == RelabelAction.LabelMap)
            {
                if (!maps.Contains(rule.Regex))
                {
                    maps.Add(rule.Regex);
                }
            }
            names.UnionWith(rule.SourceLabels);
        }
        maps.Sort((a, b) => string.CompareOrdinal(a.Pattern, b.Pattern));

        var identity = new StringBuilder();
        foreach (var name in names)
        {
            identity.Append(name).Append('\n');
        }
        foreach (var map in maps)
        {
            identity.Append("~").Append(map.Pattern).Append('\n');
        }
        var key = "relabel-" + Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(identity.ToString())));
        return new MetadataFilter(key, name => names.Contains(name) || maps.Exists(m => m.IsMatch(name)));
    }
}
