using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Processing.Batching;

/// <summary>
/// The <c>batch</c> processor in a series grain's chain. Batching gathers the output of many
/// grains, so it happens in the silo's pipeline after the chain, sized by <see cref="OrleansScrape.Otlp.Pipeline.BatchProcessorOptions"/>;
/// here the batch passes unchanged.
/// </summary>
public sealed class BatchProcessor : IMetricsProcessor
{
    public string Name => "batch";

    public int TrackedSeries => 0;

    public MetricBatch Process(MetricBatch batch) => batch;
}
