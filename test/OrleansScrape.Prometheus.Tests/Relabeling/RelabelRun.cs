using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

/// <summary>Reads relabel rules from YAML and runs them over small label sets written as name=value pairs.</summary>
public static class RelabelRun
{
    public const string FileName = "relabel.yml";

    /// <summary>Rules from the YAML list under <c>relabel_configs</c>.</summary>
    public static IReadOnlyList<RelabelConfig> Rules(string yaml) =>
        RelabelConfigReader.ReadList(YamlDocument.Load(yaml, FileName), "relabel_configs");

    public static RelabelConfig Rule(string yaml) => Assert.Single(Rules(yaml));

    /// <summary>The result formatted by <see cref="Format"/>, or "dropped".</summary>
    public static string Apply(string yaml, params string[] labels) => Apply(Rules(yaml), labels);

    public static string Apply(IReadOnlyList<RelabelConfig> rules, params string[] labels) =>
        Format(new Relabeler(rules).Apply(Labels(labels)));

    public static Label[] Labels(params string[] pairs) =>
        pairs.Select(pair => pair.Split('=', 2)).Select(parts => new Label(parts[0], parts[1])).ToArray();

    /// <summary>Labels as <c>a=1 b=2</c> in name order, "dropped", or "" when nothing is left.</summary>
    public static string Format(Label[]? labels) =>
        labels is null ? "dropped" : string.Join(' ', labels.Select(l => $"{l.Name}={l.Value}"));

    /// <summary>The error a YAML rule list is refused with.</summary>
    public static ConfigException Refused(string yaml) => Assert.Throws<ConfigException>(() => Rules(yaml));
}
