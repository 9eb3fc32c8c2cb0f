using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Processing.MemoryLimiter;

/// <summary>
/// The <c>memory_limiter</c> in a series grain's chain: it changes no data; the grain asks it
/// (as <see cref="IDataAdmission"/>) before running the chain and refuses the batch above the
/// silo's soft limit.
/// </summary>
public sealed class MemoryLimiterProcessor : IMetricsProcessor, IDataAdmission
{
    private readonly MemoryLimiter _limiter;

    public MemoryLimiterProcessor(MemoryLimiter limiter)
    {
        _limiter = limiter ?? throw new ArgumentNullException(nameof(limiter));
    }

    public string Name => "memory_limiter";

    public int TrackedSeries => 0;

    public string? RefusalReason => _limiter.ShouldRefuse ? "data refused due to high memory usage" : null;

    public MetricBatch Process(MetricBatch batch) => batch;
}
