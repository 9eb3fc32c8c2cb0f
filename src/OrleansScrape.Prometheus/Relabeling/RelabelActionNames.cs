namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>The YAML spelling of <see cref="RelabelAction"/> values.</summary>
public static class RelabelActionNames
{
    public static string ToPrometheusName(this RelabelAction action) => action switch
    {
        RelabelAction.Replace => "replace",
        RelabelAction.Keep => "keep",
        RelabelAction.Drop => "drop",
        RelabelAction.KeepEqual => "keepequal",
        RelabelAction.DropEqual => "dropequal",
        RelabelAction.HashMod => "hashmod",
        RelabelAction.LabelMap => "labelmap",
        RelabelAction.LabelDrop => "labeldrop",
        RelabelAction.LabelKeep => "labelkeep",
        RelabelAction.Lowercase => "lowercase",
        RelabelAction.Uppercase => "uppercase",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown relabel action"),
    };

    /// <summary>
    /// Parses an action name. Prometheus lower-cases the name (Go's Unicode <c>strings.ToLower</c>)
    /// before comparing, so <c>Keep</c> and <c>LABELMAP</c> are accepted too.
    /// </summary>
    public static bool TryParse(string name, out RelabelAction action)
    {
        RelabelAction? parsed = GoStrings.ToLower(name) switch
        {
            "replace" => RelabelAction.Replace,
            "keep" => RelabelAction.Keep,
            "drop" => RelabelAction.Drop,
            "keepequal" => RelabelAction.KeepEqual,
            "dropequal" => RelabelAction.DropEqual,
            "hashmod" => RelabelAction.HashMod,
            "labelmap" => RelabelAction.LabelMap,
            "labeldrop" => RelabelAction.LabelDrop,
            "labelkeep" => RelabelAction.LabelKeep,
            "lowercase" => RelabelAction.Lowercase,
            "uppercase" => RelabelAction.Uppercase,
            _ => null,
        };
        action = parsed ?? default;
        return parsed is not null;
    }
}
