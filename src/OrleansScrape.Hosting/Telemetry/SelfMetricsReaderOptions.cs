using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary>One entry of <c>service.telemetry.metrics.readers</c>: a <see cref="PeriodicReaderOptions"/> or a <see cref="PrometheusPullReaderOptions"/>.</summary>
public abstract record SelfMetricsReaderOptions : IValidatedOptions
{
    /// <summary>Problems keyed below the reader's list item (e.g. <c>periodic.interval</c>).</summary>
    public abstract IReadOnlyList<ConfigProblem> Validate();
}
