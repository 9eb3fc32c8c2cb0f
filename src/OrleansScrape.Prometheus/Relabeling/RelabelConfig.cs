namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// One Prometheus <c>relabel_config</c> rule, with Prometheus's defaults. <see cref="Validate()"/>
/// applies Prometheus's rules in Prometheus's order; <see cref="Relabeler"/> refuses invalid rules.
/// </summary>
public sealed record RelabelConfig
{
    public const string DefaultSeparator = ";";
    public const string DefaultReplacement = "$1";

    private readonly string[] _sourceLabels = [];

    /// <summary>Labels whose values, joined by <see cref="Separator"/>, are the rule's input.</summary>
    public IReadOnlyList<string> SourceLabels
    {
        get => _sourceLabels;
        init => _sourceLabels = [.. value];
    }

    public string Separator { get; init; } = DefaultSeparator;
    public string TargetLabel { get; init; } = "";
    public RelabelRegex Regex { get; init; } = RelabelRegex.Default;
    public ulong Modulus { get; init; }
    public string Replacement { get; init; } = DefaultReplacement;
    public RelabelAction Action { get; init; } = RelabelAction.Replace;

    /// <summary>The first rule this configuration breaks, or null when it is valid.</summary>
    public RelabelValidationError? Validate() => Validate(sourceLabelsSet: _sourceLabels.Length > 0);

    /// <param name="sourceLabelsSet">
    /// Whether <c>source_labels</c> was given at all: Prometheus refuses even an empty list for
    /// <c>labeldrop</c> and <c>labelkeep</c>, which a list alone cannot tell.
    /// </param>
    internal RelabelValidationError? Validate(bool sourceLabelsSet)
    {
        if (!Enum.IsDefined(Action))
        {
            return new("action", $"unknown relabel action {GoStrings.Quote(Action.ToString())}");
        }
        foreach (var name in _sourceLabels)
        {
            if (!LabelNames.IsValid(name))
            {
                return new("source_labels", $"{GoStrings.Quote(name)} is not a valid label name");
            }
        }
        var action = Action.ToPrometheusName();
        var setsTarget = Action is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual;

        if (Action == RelabelAction.HashMod && Modulus == 0)
        {
            return new("modulus", "relabel configuration for hashmod requires non-zero modulus");
        }
        if ((Action is RelabelAction.Replace or RelabelAction.HashMod || setsTarget) && TargetLabel.Length == 0)
        {
            return new("target_label", $"relabel configuration for {action} action requires 'target_label' value");
        }
        // A replace target may be a template ($1, ${name}); the expanded name is checked when applied.
        if (Action == RelabelAction.Replace && !TargetLabel.Contains('$') && !LabelNames.IsValid(TargetLabel))
        {
            return InvalidTarget(action);
        }
        if (Action == RelabelAction.Replace && TargetLabel.Contains('$') && !LabelNames.IsValidTemplate(TargetLabel))
        {
            return InvalidTarget(action);
        }
        if (setsTarget && !LabelNames.IsValid(TargetLabel))
        {
            return InvalidTarget(action);
        }
        if (setsTarget && Replacement != DefaultReplacement)
        {
            return new("replacement", $"'replacement' can not be set for {action} action");
        }
        if (Action == RelabelAction.LabelMap && !LabelNames.IsValidTemplate(Replacement))
        {
            return new("replacement", $"{GoStrings.Quote(Replacement)} is invalid 'replacement' for {action} action");
        }
        if (Action == RelabelAction.HashMod && !LabelNames.IsValid(TargetLabel))
        {
            return InvalidTarget(action);
        }
        if (Action is RelabelAction.KeepEqual or RelabelAction.DropEqual)
        {
            // Prometheus compares the regex with its default instance, so even an explicit "(.*)" counts as set.
            var offending = !Regex.IsDefault ? "regex"
                : Modulus != 0 ? "modulus"
                : Separator != DefaultSeparator ? "separator"
                : Replacement != DefaultReplacement ? "replacement"
                : null;
            if (offending is not null)
            {
                return new(offending, $"{action} action requires only 'source_labels' and `target_label`, and no other fields");
            }
        }
        if (Action is RelabelAction.LabelDrop or RelabelAction.LabelKeep)
        {
            var offending = sourceLabelsSet ? "source_labels"
                : TargetLabel.Length != 0 ? "target_label"
                : Modulus != 0 ? "modulus"
                : Separator != DefaultSeparator ? "separator"
                : Replacement != DefaultReplacement ? "replacement"
                : null;
            if (offending is not null)
            {
                return new(offending, $"{action} action requires only 'regex', and no other fields");
            }
        }
        return null;
    }

    public bool Equals(RelabelConfig? other) =>
        other is not null
        && _sourceLabels.AsSpan().SequenceEqual(other._sourceLabels)
        && Separator == other.Separator
        && TargetLabel == other.TargetLabel
        && Regex.Equals(other.Regex)
        && Modulus == other.Modulus
        && Replacement == other.Replacement
        && Action == other.Action;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var name in _sourceLabels)
        {
            hash.Add(name, StringComparer.Ordinal);
        }
        hash.Add(Separator, StringComparer.Ordinal);
        hash.Add(TargetLabel, StringComparer.Ordinal);
        hash.Add(Regex);
        hash.Add(Modulus);
        hash.Add(Replacement, StringComparer.Ordinal);
        hash.Add(Action);
        return hash.ToHashCode();
    }

    private RelabelValidationError InvalidTarget(string action) =>
        new("target_label", $"{GoStrings.Quote(TargetLabel)} is invalid 'target_label' for {action} action");
}
