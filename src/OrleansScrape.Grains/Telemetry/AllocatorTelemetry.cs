using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Grains.Telemetry;

/// <summary>
/// The Target Allocator's self-metrics under its names, fed by the discovery grain's syncs:
/// targets per job and per collector (silo), targets that could not be scheduled, and the time a
/// sync took to (re)assign every target.
/// </summary>
internal static class AllocatorTelemetry
{
    public const string Strategy = "rendezvous-hashing";

    private static readonly ConcurrentDictionary<string, (IReadOnlyDictionary<string, int> Jobs, IReadOnlyDictionary<string, int> Collectors, int Unassigned)> Shards = new();

    private static readonly Histogram<double> TimeToAllocate = OrleansScrapeMeter.Meter.CreateHistogram<double>(
        // No unit: with one, the Prometheus exposition would append "_seconds" to the allocator's metric name.
        "opentelemetry_allocator_time_to_allocate", unit: null, "Seconds to assign every target of a discovery shard to its silo.");

    private static readonly ObservableGauge<int> Targets = OrleansScrapeMeter.Meter.CreateObservableGauge(
        "opentelemetry_allocator_targets", () => Shards.Values.SelectMany(s => s.Jobs)
            .Select(j => new Measurement<int>(j.Value, new KeyValuePair<string, object?>("job_name", j.Key))),
        "{targets}", "Targets per job.");

    private static readonly ObservableGauge<int> TargetsPerCollector = OrleansScrapeMeter.Meter.CreateObservableGauge(
        "opentelemetry_allocator_targets_per_collector", () => Shards.Values.SelectMany(s => s.Collectors)
            .Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("collector_name", c.Key), new KeyValuePair<string, object?>("strategy", Strategy))),
        "{targets}", "Targets per collector (silo).");

    private static readonly ObservableGauge<int> TargetsUnassigned = OrleansScrapeMeter.Meter.CreateObservableGauge(
        "opentelemetry_allocator_targets_unassigned", () => Shards.Values.Sum(s => s.Unassigned), "{targets}", "Targets no silo could take.");

    public static void RecordSync(string shard, IReadOnlyDictionary<string, int> jobs, IReadOnlyDictionary<string, int> collectors, int unassigned, TimeSpan duration)
    {
        _ = Targets;
        _ = TargetsPerCollector;
        _ = TargetsUnassigned;
        Shards[shard] = (jobs, collectors, unassigned);
        TimeToAllocate.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("method", "sync"));
    }

    /// <summary>The shard's activation left this silo: its figures are reported by the next one.</summary>
    public static void Forget(string shard) => Shards.TryRemove(shard, out _);
}
