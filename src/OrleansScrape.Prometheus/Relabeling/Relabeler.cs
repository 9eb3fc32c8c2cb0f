namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// Applies a list of relabel rules in order, as Prometheus's <c>relabel.ProcessBuilder</c> does. Built
/// once per rule list (rules are validated and prepared here) and safe to share between threads; the
/// <see cref="LabelsBuilder"/> passed in is per call.
/// </summary>
public sealed class Relabeler
{
    private readonly RelabelStep[] _steps;

    /// <exception cref="ArgumentException">A rule breaks one of Prometheus's validation rules.</exception>
    public Relabeler(IReadOnlyList<RelabelConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        _steps = new RelabelStep[configs.Count];
        for (var i = 0; i < configs.Count; i++)
        {
            var config = configs[i] ?? throw new ArgumentException($"relabel rule {i} is null", nameof(configs));
            if (config.Validate() is { } error)
            {
                throw new ArgumentException($"relabel rule {i}: {error.Message}", nameof(configs));
            }
            _steps[i] = new RelabelStep(config);
        }
        Configs = [.. configs];
    }

    public static Relabeler Empty { get; } = new([]);

    public IReadOnlyList<RelabelConfig> Configs { get; }

    /// <summary>
    /// Applies the rules to <paramref name="labels"/> in place. Returns false when a <c>keep</c>,
    /// <c>drop</c>, <c>keepequal</c> or <c>dropequal</c> rule dropped the set; as in Prometheus, a set
    /// that merely ends up empty is still returned as kept, and callers check <see cref="LabelsBuilder.IsEmpty"/>.
    /// </summary>
    public bool Process(LabelsBuilder labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var step in _steps)
        {
            if (!step.Apply(labels))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Relabels a copy of <paramref name="labels"/>: the sorted result, or null when dropped.</summary>
    public Label[]? Apply(IEnumerable<Label> labels)
    {
        var builder = new LabelsBuilder(labels);
        return Process(builder) ? builder.ToArray() : null;
    }
}
