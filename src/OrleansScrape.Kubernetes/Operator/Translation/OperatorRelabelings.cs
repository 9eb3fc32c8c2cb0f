using System.Text.RegularExpressions;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Kubernetes.Operator.Translation;

/// <summary>
/// The relabel rules the Prometheus Operator's config generator writes around a resource's own
/// rules: selection of the monitored objects by label, the job name kept in a temporary label,
/// and the (single-shard) address sharding pair.
/// </summary>
internal static partial class OperatorRelabelings
{
    public const string TemporaryJobNameLabel = "__tmp_prometheus_job_name";

    /// <summary>Label names as the operator makes them from Kubernetes label keys: every character outside [a-zA-Z0-9_] becomes '_'.</summary>
    public static string SanitizeLabelName(string name) => InvalidLabelCharacter().Replace(name, "_");

    /// <summary>First rule of every job: keep the configured job name in a temporary label.</summary>
    public static RelabelConfig KeepJobName() => new() { SourceLabels = ["job"], TargetLabel = TemporaryJobNameLabel };

    public static RelabelConfig Keep(string sourceLabel, string regex) => Filter(RelabelAction.Keep, [sourceLabel], regex);

    public static RelabelConfig Filter(RelabelAction action, IReadOnlyList<string> sourceLabels, string regex) =>
        new() { Action = action, SourceLabels = sourceLabels, Regex = Regex(regex) };

    public static RelabelConfig Copy(string sourceLabel, string targetLabel) => new() { SourceLabels = [sourceLabel], TargetLabel = targetLabel };

    /// <summary>Copies a label only when it is non-empty, as the operator does for job and target labels.</summary>
    public static RelabelConfig CopyIfSet(string sourceLabel, string targetLabel) =>
        new() { SourceLabels = [sourceLabel], TargetLabel = targetLabel, Regex = Regex("(.+)"), Replacement = "${1}" };

    public static RelabelConfig Set(string targetLabel, string value) => new() { TargetLabel = targetLabel, Replacement = value };

    /// <summary>Drops targets of pods that have finished.</summary>
    public static RelabelConfig RunningFilter() =>
        Filter(RelabelAction.Drop, ["__meta_kubernetes_pod_phase"], "(Failed|Succeeded)");

    /// <summary>
    /// The operator's sharding pair with one shard: hashmod 1 always yields 0, and the Target
    /// Allocator substitutes 0 for the <c>$(SHARD)</c> placeholder, so every target is kept.
    /// </summary>
    public static IEnumerable<RelabelConfig> SingleShard()
    {
        yield return new RelabelConfig { SourceLabels = ["__address__"], TargetLabel = "__tmp_hash", Modulus = 1, Action = RelabelAction.HashMod };
        yield return Keep("__tmp_hash", "0");
    }

    /// <summary>The keep/drop rules that select objects whose labels (as <c>{prefix}label_*</c> meta labels) match the selector.</summary>
    public static IEnumerable<RelabelConfig> Selection(LabelSelector selector, string metaPrefix)
    {
        foreach (var (key, value) in selector.MatchLabels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            yield return Filter(RelabelAction.Keep, LabelAndPresence(metaPrefix, key), $"({value});true");
        }
        foreach (var expression in selector.MatchExpressions)
        {
            var present = $"{metaPrefix}labelpresent_{SanitizeLabelName(expression.Key)}";
            yield return expression.Operator switch
            {
                LabelSelectorOperator.In => Filter(RelabelAction.Keep, LabelAndPresence(metaPrefix, expression.Key), $"({string.Join('|', expression.Values)});true"),
                LabelSelectorOperator.NotIn => Filter(RelabelAction.Drop, LabelAndPresence(metaPrefix, expression.Key), $"({string.Join('|', expression.Values)});true"),
                LabelSelectorOperator.Exists => Filter(RelabelAction.Keep, [present], "true"),
                _ => Filter(RelabelAction.Drop, [present], "true"),
            };
        }
    }

    private static string[] LabelAndPresence(string metaPrefix, string key) =>
        [$"{metaPrefix}label_{SanitizeLabelName(key)}", $"{metaPrefix}labelpresent_{SanitizeLabelName(key)}"];

    private static RelabelRegex Regex(string pattern) =>
        RelabelRegex.TryParse(pattern, out var regex, out var error)
            ? regex
            : throw new CustomResourceException($"selector value makes an invalid regex \"{pattern}\": {error}");

    [GeneratedRegex("[^a-zA-Z0-9_]")]
    private static partial Regex InvalidLabelCharacter();
}
