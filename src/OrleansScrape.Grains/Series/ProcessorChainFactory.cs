using OrleansScrape.Processing;

namespace OrleansScrape.Grains.Series;

/// <summary>
/// Makes the processors of the configured pipeline, in order, for one series grain. Each series
/// grain gets its own instances because processors own the state of that grain's series.
/// </summary>
public sealed class ProcessorChainFactory
{
    private readonly IReadOnlyList<Func<IMetricsProcessor>> _factories;

    public ProcessorChainFactory(IReadOnlyList<Func<IMetricsProcessor>> factories)
    {
        _factories = factories;
    }

    public IReadOnlyList<IMetricsProcessor> Create() => _factories.Select(f => f()).ToList();
}
