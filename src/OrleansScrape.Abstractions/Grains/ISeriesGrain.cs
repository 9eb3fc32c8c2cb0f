using Orleans.Concurrency;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Abstractions.Grains;

/// <summary>
/// Holds the cumulative state of the series of one resource and turns what it receives into
/// the configured output (deltas, enrichment) for its silo's export pipeline. Keyed by
/// <see cref="ResourceKey.Compute"/> of the resource attributes.
/// </summary>
public interface ISeriesGrain : IGrainWithStringKey
{
    Task Push(MetricBatch batch);

    Task<SeriesStatus> GetStatus();

    /// <summary>
    /// Writes the state of the newest delivered batch to storage. The grain calls it on itself when
    /// a delivery completes; one-way, because nobody waits for it.
    /// </summary>
    [OneWay]
    Task CheckpointDelivered();
}
