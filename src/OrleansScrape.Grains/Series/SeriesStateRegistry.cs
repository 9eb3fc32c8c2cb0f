using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Grains.Series;

/// <summary>
/// The series grains active on this silo, so that the silo can report how many grains and series
/// it holds state for (<c>orleansscrape_series_grains</c>, <c>orleansscrape_series_state</c>):
/// the numbers that size a gateway and show a hotspot.
/// </summary>
public sealed class SeriesStateRegistry : IDisposable
{
    private static readonly ConcurrentDictionary<SeriesStateRegistry, string> Registries = new();
    private static readonly ObservableGauge<long> SeriesGrains = OrleansScrapeMeter.Meter.CreateObservableGauge(
        "orleansscrape_series_grains", ObserveGrains, "{grains}", "Series grains active on the silo.");
    private static readonly ObservableGauge<long> SeriesState = OrleansScrapeMeter.Meter.CreateObservableGauge(
        "orleansscrape_series_state", ObserveSeries, "{series}", "Series whose processor state the silo's series grains hold.");

    private readonly ConcurrentDictionary<SeriesGrain, byte> _grains = new();

    public SeriesStateRegistry(ILocalSiloDetails silo)
    {
        _ = SeriesGrains;
        _ = SeriesState;
        Registries[this] = silo.Name;
    }

    public int Grains => _grains.Count;

    public long Series => _grains.Keys.Sum(g => (long)g.TrackedSeries);

    internal void Add(SeriesGrain grain) => _grains.TryAdd(grain, 0);

    internal void Remove(SeriesGrain grain) => _grains.TryRemove(grain, out _);

    /// <summary>Stops reporting this silo: the container disposes the registry when the silo shuts down.</summary>
    public void Dispose() => Registries.TryRemove(this, out _);

    private static IEnumerable<Measurement<long>> ObserveGrains() =>
        Registries.Select(r => new Measurement<long>(r.Key.Grains, new KeyValuePair<string, object?>("silo", r.Value)));

    private static IEnumerable<Measurement<long>> ObserveSeries() =>
        Registries.Select(r => new Measurement<long>(r.Key.Series, new KeyValuePair<string, object?>("silo", r.Value)));
}
