using System.Collections.Concurrent;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Tests.Support;

/// <summary>An exporter that records successful calls and lets a test decide how each attempt ends.</summary>
internal sealed class RecordingExporter : IMetricsExporter
{
    private readonly Func<int, CancellationToken, Task> _attempt;
    private readonly ConcurrentQueue<ExportCall> _calls = new();
    private readonly ConcurrentQueue<TimeSpan> _attemptTimes = new();
    private readonly TimeProvider _clock;
    private readonly long _created;
    private int _attempts;

    /// <param name="attempt">Runs for each attempt with its 1-based number; throwing fails the attempt.</param>
    /// <param name="clock">Stamps the attempt times; the system clock unless a test runs on virtual time.</param>
    public RecordingExporter(string name, Func<int, CancellationToken, Task>? attempt = null, TimeProvider? clock = null)
    {
        Name = name;
        _clock = clock ?? TimeProvider.System;
        _created = _clock.GetTimestamp();
        _attempt = attempt ?? ((_, _) => Task.CompletedTask);
    }

    public string Name { get; }

    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<ExportCall> Calls => _calls.ToArray();

    public IReadOnlyList<TimeSpan> AttemptTimes => _attemptTimes.ToArray();

    public async Task ExportAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
    {
        _attemptTimes.Enqueue(_clock.GetElapsedTime(_created));
        var attempt = Interlocked.Increment(ref _attempts);
        await _attempt(attempt, cancellationToken);
        _calls.Enqueue(new ExportCall(batches.ToArray()));
    }
}
