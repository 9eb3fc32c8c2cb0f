using OrleansScrape.Processing;

namespace OrleansScrape.Grains.Series;

/// <summary>
/// Makes the processors of one pipeline, in order, for one series grain. Each series grain gets
/// its own instances because processors own the state of that grain's series.
/// </summary>
public sealed class ProcessorChainFactory
{
    private readonly IReadOnlyList<(string Id, Func<IMetricsProcessor> Create)> _factories;

    public ProcessorChainFactory(IReadOnlyList<(string Id, Func<IMetricsProcessor> Create)> factories)
    {
        _factories = factories;
    }

    public IReadOnlyList<ChainedProcessor> Create() => _factories.Select(f => new ChainedProcessor(f.Id, f.Create())).ToList();
}

/// <summary>A processor of a chain with its component id (<c>transform/rename</c>), which names it in telemetry and checkpoints.</summary>
public readonly record struct ChainedProcessor(string Id, IMetricsProcessor Processor);
