using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.CumulativeToDelta;
using OrleansScrape.Processing.MetricStartTime;

namespace OrleansScrape.Processing.Tests;

/// <summary>A processor restored from a saved state continues exactly where the saving one was.</summary>
public sealed class StateImageTests
{
    private const long Second = 1_000_000_000;
    private static readonly double[] Bounds = [1, 2];

    private static IEnumerable<MetricBatch> Scrapes(int from, int to) => Enumerable.Range(from, to - from).SelectMany(i => new[]
    {
        TestBatches.Sum("requests_total", (i + 1) * Second, 100.0 * i),
        TestBatches.Histogram("latency", (i + 1) * Second, (ulong)(3 * i), 1.5 * i, Bounds, [(ulong)i, (ulong)i, (ulong)i]),
    });

    private static List<string> Run(IMetricsProcessor processor, IEnumerable<MetricBatch> batches) =>
        batches.Select(processor.Process).SelectMany(Describe).ToList();

    private static IEnumerable<string> Describe(MetricBatch batch) =>
        batch.Points.Select(p => $"n {p.StartTimeUnixNano} {p.TimeUnixNano} {p.Value}")
            .Concat(batch.HistogramPoints.Select(p => $"h {p.StartTimeUnixNano} {p.TimeUnixNano} {p.Count} {p.Sum} {string.Join(',', batch.BucketCountsOf(p).ToArray())}"));

    [Fact]
    public void CumulativeToDelta_RestoredState_ContinuesTheDeltas()
    {
        var original = new CumulativeToDeltaProcessor(new CumulativeToDeltaOptions());
        Run(original, Scrapes(0, 3));
        var restored = new CumulativeToDeltaProcessor(new CumulativeToDeltaOptions());

        restored.RestoreState(original.SaveState());

        Assert.Equal(original.TrackedSeries, restored.TrackedSeries);
        var expected = Run(original, Scrapes(3, 6));
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Run(restored, Scrapes(3, 6)));
    }

    [Fact]
    public void MetricStartTime_RestoredState_KeepsTheStartTimes()
    {
        foreach (var strategy in new[] { StartTimeStrategy.TrueResetPoint, StartTimeStrategy.SubtractInitialPoint })
        {
            var original = new MetricStartTimeProcessor(new MetricStartTimeOptions { Strategy = strategy });
            Run(original, Scrapes(0, 3));
            var restored = new MetricStartTimeProcessor(new MetricStartTimeOptions { Strategy = strategy });

            restored.RestoreState(original.SaveState());

            var expected = Run(original, Scrapes(3, 6));
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Run(restored, Scrapes(3, 6)));
        }
    }

    [Fact]
    public void StateOfAnotherProcessor_IsRefused()
    {
        var delta = new CumulativeToDeltaProcessor(new CumulativeToDeltaOptions());
        var startTime = new MetricStartTimeProcessor(new MetricStartTimeOptions());

        Assert.Throws<InvalidDataException>(() => delta.RestoreState(startTime.SaveState()));
        Assert.Throws<InvalidDataException>(() => startTime.RestoreState([1, 2]));
    }
}
