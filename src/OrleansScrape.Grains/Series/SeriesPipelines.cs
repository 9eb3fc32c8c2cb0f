namespace OrleansScrape.Grains.Series;

/// <summary>
/// The pipelines of the silo's configuration and which of them each scrape job feeds. A pipeline's
/// series live in grains of their own: the series grain key starts with the pipeline's name
/// (<c>metrics/selfmon|resource</c>), except for the pipeline named <c>metrics</c>, whose keys are
/// the resource keys alone, so stateful processors never mix two pipelines' series.
/// </summary>
public sealed class SeriesPipelines
{
    public const string DefaultName = "metrics";
    private const char Separator = '|';

    private readonly Dictionary<string, SeriesPipeline> _pipelines;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _byJob;
    private readonly IReadOnlyList<string> _otherJobs;

    /// <param name="pipelines">The configured pipelines.</param>
    /// <param name="pipelinesByJob">The pipelines of each configured job's prometheus receiver.</param>
    /// <param name="otherJobs">The pipelines of jobs no receiver names (those generated from custom resources); by default the first pipeline.</param>
    public SeriesPipelines(IEnumerable<SeriesPipeline> pipelines, IReadOnlyDictionary<string, IReadOnlyList<string>>? pipelinesByJob = null, IReadOnlyList<string>? otherJobs = null)
    {
        var list = pipelines.ToList();
        _pipelines = list.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _byJob = pipelinesByJob ?? new Dictionary<string, IReadOnlyList<string>>();
        _otherJobs = otherJobs ?? list.Take(1).Select(p => p.Name).ToList();
    }

    public IReadOnlyCollection<SeriesPipeline> All => _pipelines.Values;

    /// <summary>The pipeline of a name.</summary>
    /// <exception cref="InvalidOperationException">This silo's configuration has no such pipeline.</exception>
    public SeriesPipeline Get(string name) => _pipelines.TryGetValue(name, out var pipeline)
        ? pipeline
        : throw new InvalidOperationException($"this silo's configuration has no pipeline \"{name}\" (it has: {string.Join(", ", _pipelines.Keys)})");

    /// <summary>The pipelines a scrape job's receiver feeds.</summary>
    public IReadOnlyList<string> ForJob(string job) => _byJob.TryGetValue(job, out var names) ? names : _otherJobs;

    /// <summary>The resource key a pipeline's series grains are keyed by.</summary>
    public static string ResourceKeyIn(string pipeline, string resourceKey) =>
        pipeline == DefaultName ? resourceKey : $"{pipeline}{Separator}{resourceKey}";

    /// <summary>The pipeline of a series grain's resource key.</summary>
    public static string PipelineOf(string resourceKey)
    {
        var separator = resourceKey.IndexOf(Separator);
        return separator < 0 ? DefaultName : resourceKey[..separator];
    }
}
