using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Grains.Telemetry;

/// <summary>
/// The Target Allocator's self-metrics under its names, fed by the discovery grain's allocation
/// rounds: targets per job and per collector (silo, with the strategy), the scraper silos
/// discovered and allocatable, targets no silo could take, what triggered each round, and the
/// time a round took.
/// </summary>
internal static class AllocatorTelemetry
{
    /// <summary>Values of the <c>source</c> label of <c>opentelemetry_allocator_events</c>.</summary>
    public static class Sources
    {
        public const string Timer = "timer";
        public const string Discovery = "discovery";
        public const string Membership = "membership";
        public const string Activation = "activation";
        public const string Request = "request";
    }

    private sealed record Shard(
        IReadOnlyDictionary<string, int> Jobs, IReadOnlyDictionary<string, int> Collectors, string Strategy, int Discovered, int Allocatable, int Unassigned);

    private static readonly ConcurrentDictionary<string, Shard> Shards = new();

    private static readonly Histogram<double> TimeToAllocate = OrleansScrapeMeter.Meter.CreateHistogram<double>(
        // No unit: with one, the Prometheus exposition would append "_seconds" to the allocator's metric name.
        "opentelemetry_allocator_time_to_allocate", unit: null, "Seconds to plan and apply the assignment of every target of a discovery shard.");

    private static readonly Counter<long> Events = OrleansScrapeMeter.Meter.CreateCounter<long>(
        "opentelemetry_allocator_events", "{events}", "Allocation rounds, by what triggered them.");

    private static readonly ObservableGauge<int> Targets = OrleansScrapeMeter.Meter.CreateObservableGauge(
        // Every discovery shard runs a part of every job: shards on one silo add up.
        "opentelemetry_allocator_targets", () => Shards.Values.SelectMany(s => s.Jobs).GroupBy(j => j.Key)
            .Select(j => new Measurement<int>(j.Sum(x => x.Value), new KeyValuePair<string, object?>("job_name", j.Key))),
        "{targets}", "Targets per job.");

    private static readonly ObservableGauge<int> TargetsPerCollector = OrleansScrapeMeter.Meter.CreateObservableGauge(
        "opentelemetry_allocator_targets_per_collector", () => Shards.Values.SelectMany(s => s.Collectors.Select(c => (Collector: c.Key, Count: c.Value, s.Strategy)))
            .GroupBy(x => (x.Collector, x.Strategy))
            .Select(g => new Measurement<int>(g.Sum(x => x.Count), new KeyValuePair<string, object?>("collector_name", g.Key.Collector), new KeyValuePair<string, object?>("strategy", g.Key.Strategy))),
        "{targets}", "Targets per collector (scraper silo).");

    private static readonly ObservableGauge<int> CollectorsDiscovered = OrleansScrapeMeter.Meter.CreateObservableGauge(
        "opentelemetry_allocator_collectors_discovered", () => Shards.Values.Select(s => s.Discovered).DefaultIfEmpty().Max(),
        "{collectors}", "Scraper silos known to cluster membership that have not left.");

    private static readonly ObservableGauge<int> CollectorsAllocatable = OrleansScrapeMeter.Meter.CreateObservableGauge(
        "opentelemetry_allocator_collectors_allocatable", () => Shards.Values.Select(s => s.Allocatable).DefaultIfEmpty().Max(),
        "{collectors}", "Active scraper silos targets can be assigned to.");

    private static readonly ObservableGauge<int> TargetsUnassigned = OrleansScrapeMeter.Meter.CreateObservableGauge(
        "opentelemetry_allocator_targets_unassigned", () => Shards.Values.Sum(s => s.Unassigned), "{targets}", "Targets no silo could take.");

    public static void RecordEvent(string source) => Events.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <param name="collectors">Targets per scraper silo, every allocatable silo listed (0 when it has none).</param>
    /// <param name="method">What the round reacted to: <c>targets</c> (the target set) or <c>collectors</c> (the scraper pool).</param>
    public static void RecordAllocation(
        string shard, string strategy, IReadOnlyDictionary<string, int> jobs, IReadOnlyDictionary<string, int> collectors,
        int discovered, int allocatable, int unassigned, string method, TimeSpan duration)
    {
        _ = Targets;
        _ = TargetsPerCollector;
        _ = CollectorsDiscovered;
        _ = CollectorsAllocatable;
        _ = TargetsUnassigned;
        Shards[shard] = new Shard(jobs, collectors, strategy, discovered, allocatable, unassigned);
        TimeToAllocate.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("method", method));
    }

    /// <summary>The shard's activation left this silo: its figures are reported by the next one.</summary>
    public static void Forget(string shard) => Shards.TryRemove(shard, out _);
}
