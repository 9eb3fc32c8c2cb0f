using System.Diagnostics.Metrics;
using OrleansScrape.Grains.Telemetry;

namespace OrleansScrape.Grains.Tests;

/// <summary>Discovery shards on one silo each report their part of a job and of a collector's load; the metrics add them up.</summary>
public sealed class ShardedAllocatorTelemetryTests
{
    [Fact]
    public void Allocator_metrics_add_up_the_shards_of_one_silo()
    {
        // Names of its own: the figures are process-wide, other tests' shards report next to these.
        var id = Guid.NewGuid().ToString("N");
        string job = $"job-{id}", collector = $"silo-{id}", shopShard = $"shop-{id}", restShard = $"rest-{id}";
        AllocatorTelemetry.RecordAllocation(shopShard, "consistent-hashing", new Dictionary<string, int> { [job] = 3 }, new Dictionary<string, int> { [collector] = 3 },
            1, 1, 0, "targets", TimeSpan.FromMilliseconds(1));
        AllocatorTelemetry.RecordAllocation(restShard, "consistent-hashing", new Dictionary<string, int> { [job] = 4 }, new Dictionary<string, int> { [collector] = 4 },
            1, 1, 0, "targets", TimeSpan.FromMilliseconds(1));
        try
        {
            var values = new List<(string Instrument, string Label, int Value)>();
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name is "opentelemetry_allocator_targets" or "opentelemetry_allocator_targets_per_collector")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Value as string == job || tag.Value as string == collector)
                    {
                        lock (values)
                        {
                            values.Add((instrument.Name, (string)tag.Value!, value));
                        }
                    }
                }
            });
            listener.Start();
            listener.RecordObservableInstruments();

            Assert.Equal([("opentelemetry_allocator_targets", job, 7)], values.Where(v => v.Instrument == "opentelemetry_allocator_targets"));
            Assert.Equal([("opentelemetry_allocator_targets_per_collector", collector, 7)], values.Where(v => v.Instrument == "opentelemetry_allocator_targets_per_collector"));
        }
        finally
        {
            AllocatorTelemetry.Forget(shopShard);
            AllocatorTelemetry.Forget(restShard);
        }
    }
}
