using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Processing;

/// <summary>
/// A processor of the gateway pipeline: a function from one resource's batch to the batch that
/// goes on, plus whatever state it owns. Processors of one series grain run one batch at a time.
/// </summary>
public interface IMetricsProcessor
{
    string Name { get; }

    MetricBatch Process(MetricBatch batch);

    /// <summary>Number of series this processor keeps state for.</summary>
    int TrackedSeries { get; }
}
