using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Exporters.Debug;

/// <summary>Writes a one-line summary of every export, for trying a configuration without a backend.</summary>
public sealed class DebugExporter : IMetricsExporter
{
    private readonly TextWriter _output;
    private readonly Lock _writeLock = new();

    public DebugExporter(string name, TextWriter output)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(output);
        Name = name;
        _output = output;
    }

    public string Name { get; }

    public Task ExportAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        cancellationToken.ThrowIfCancellationRequested();
        var line = Summarize(Name, batches);
        try
        {
            // Concurrent exports must not interleave within a line.
            lock (_writeLock)
            {
                _output.WriteLine(line);
                _output.Flush();
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            throw new ExportFailedException($"{Name}: writing the summary failed: {exception.Message}", isRetryable: false, innerException: exception);
        }
        return Task.CompletedTask;
    }

    internal static string Summarize(string name, IReadOnlyList<MetricBatch> batches)
    {
        int metrics = 0, points = 0, deltaSums = 0, cumulativeSums = 0, gauges = 0, histograms = 0, exponentialHistograms = 0, summaries = 0, others = 0;
        foreach (var batch in batches)
        {
            points += batch.PointCount;
            foreach (var metric in batch.Metrics)
            {
                metrics++;
                switch (metric.Type)
                {
                    case MetricType.Gauge:
                        gauges++;
                        break;
                    case MetricType.Sum when metric.Temporality == AggregationTemporality.Delta:
                        deltaSums++;
                        break;
                    case MetricType.Sum:
                        cumulativeSums++;
                        break;
                    case MetricType.Histogram:
                        histograms++;
                        break;
                    case MetricType.ExponentialHistogram:
                        exponentialHistograms++;
                        break;
                    case MetricType.Summary:
                        summaries++;
                        break;
                    default:
                        others++;
                        break;
                }
            }
        }
        var kinds = $"delta sums {deltaSums}, cumulative sums {cumulativeSums}, gauges {gauges}";
        if (histograms > 0)
        {
            kinds += $", histograms {histograms}";
        }
        if (exponentialHistograms > 0)
        {
            kinds += $", exponential histograms {exponentialHistograms}";
        }
        if (summaries > 0)
        {
            kinds += $", summaries {summaries}";
        }
        if (others > 0)
        {
            kinds += $", other {others}";
        }
        return $"{name}: exported {batches.Count} resources, {metrics} metrics, {points} data points ({kinds})";
    }
}
