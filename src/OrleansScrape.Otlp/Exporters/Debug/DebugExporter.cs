using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Exporters.Debug;

/// <summary>
/// Writes a one-line summary of every export, for trying a configuration without a backend; with
/// <see cref="DebugVerbosity.Normal"/> or <see cref="DebugVerbosity.Detailed"/> also one line per metric.
/// </summary>
public sealed class DebugExporter : IMetricsExporter
{
    private readonly TextWriter _output;
    private readonly DebugVerbosity _verbosity;
    private readonly Lock _writeLock = new();

    public DebugExporter(string name, TextWriter output)
        : this(name, output, DebugVerbosity.Basic)
    {
    }

    public DebugExporter(string name, TextWriter output, DebugVerbosity verbosity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(output);
        Name = name;
        _output = output;
        _verbosity = verbosity;
    }

    public string Name { get; }

    public Task ExportAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        cancellationToken.ThrowIfCancellationRequested();
        var line = Summarize(Name, batches);
        var metrics = _verbosity == DebugVerbosity.Basic ? null : DescribeMetrics(batches);
        try
        {
            // Concurrent exports must not interleave within a line, nor an export's lines with another's.
            lock (_writeLock)
            {
                _output.WriteLine(line);
                if (metrics is not null)
                {
                    _output.Write(metrics);
                }
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

    /// <summary>One line per metric, indented: <c>  NAME TYPE[ TEMPORALITY][ monotonic] [UNIT]: N points</c>.</summary>
    internal static string DescribeMetrics(IReadOnlyList<MetricBatch> batches)
    {
        var text = new System.Text.StringBuilder();
        foreach (var batch in batches)
        {
            foreach (var metric in batch.Metrics)
            {
                text.Append("  ").Append(metric.Name).Append(' ').Append(metric.Type);
                if (metric.Temporality != AggregationTemporality.Unspecified)
                {
                    text.Append(' ').Append(metric.Temporality);
                }
                if (metric.IsMonotonic)
                {
                    text.Append(" monotonic");
                }
                if (!string.IsNullOrEmpty(metric.Unit))
                {
                    text.Append(" [").Append(metric.Unit).Append(']');
                }
                text.Append(": ").Append(metric.PointCount).Append(metric.PointCount == 1 ? " point" : " points").AppendLine();
            }
        }
        return text.ToString();
    }
}
