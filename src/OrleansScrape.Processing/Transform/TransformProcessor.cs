using System.Runtime.InteropServices;
using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.Transform;

/// <summary>
/// The Collector's <c>transform</c> processor for metrics, over the OTTL subset of this folder's
/// README: statement groups run in order over the whole batch, each statement on every resource,
/// metric or data point of its context. Stateless apart from error counts.
/// </summary>
public sealed class TransformProcessor : IMetricsProcessor
{
    private readonly (OttlContext Context, OttlStatement[] Statements)[] _groups;
    private readonly TransformErrorMode _errorMode;
    private readonly OttlScope _scope = new();
    private readonly MetricBatchBuilder _builder = new([]);
    private readonly bool _rebuilds;

    /// <exception cref="ArgumentException">A statement is outside the supported subset.</exception>
    public TransformProcessor(TransformOptions options)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
        _errorMode = options.ErrorMode;
        var groups = new List<(OttlContext, OttlStatement[])>();
        foreach (var group in options.MetricStatements)
        {
            OttlGroupParser.TryParse(group, out var context, out var statements);
            if (statements.Length > 0)
            {
                groups.Add((context, statements));
            }
        }
        _groups = groups.ToArray();
        _rebuilds = _groups.Any(g => g.Context != OttlContext.Resource);
    }

    public string Name => "transform";

    public int TrackedSeries => 0;

    /// <summary>Statements that failed on the data and were skipped (error_mode ignore or silent).</summary>
    public long ErrorCount { get; private set; }

    /// <summary>The last such failure, with its statement (error_mode ignore only).</summary>
    public string? LastError { get; private set; }

    /// <exception cref="TransformException">A statement failed and error_mode is propagate.</exception>
    public MetricBatch Process(MetricBatch batch)
    {
        if (_groups.Length == 0)
        {
            return batch;
        }
        var scope = _scope;
        scope.Resource.Load(batch.ResourceAttributes);
        var metricCount = batch.Metrics.Length;
        string[]? names = null;
        string[]? descriptions = null;
        // Point attributes after the last datapoint group: one flat list and a span per point, in SpanOffset's order.
        List<Attribute>? flat = null;
        (int Start, int Count)[]? spans = null;

        foreach (var (context, statements) in _groups)
        {
            switch (context)
            {
                case OttlContext.Resource:
                    scope.Cache.Values.Clear();
                    Run(statements);
                    break;
                case OttlContext.Metric:
                    names ??= batch.Metrics.Select(m => m.Name).ToArray();
                    descriptions ??= batch.Metrics.Select(m => m.Description).ToArray();
                    for (var m = 0; m < metricCount; m++)
                    {
                        RunOnMetric(statements, names, descriptions, m);
                    }
                    break;
                default:
                    names ??= batch.Metrics.Select(m => m.Name).ToArray();
                    descriptions ??= batch.Metrics.Select(m => m.Description).ToArray();
                    spans ??= InitialSpans(batch);
                    var output = new List<Attribute>(flat?.Count ?? batch.PointAttributes.Length);
                    for (var m = 0; m < metricCount; m++)
                    {
                        ref readonly var metric = ref batch.Metrics[m];
                        var offset = SpanOffset(batch, metric);
                        for (var p = 0; p < metric.PointCount; p++)
                        {
                            ref var span = ref spans[offset + p];
                            scope.Point.Load(flat is null
                                ? batch.PointAttributes.AsSpan(span.Start, span.Count)
                                : CollectionsMarshal.AsSpan(flat).Slice(span.Start, span.Count));
                            RunOnMetric(statements, names, descriptions, m);
                            span = (output.Count, scope.Point.Items.Count);
                            output.AddRange(scope.Point.Items);
                        }
                    }
                    flat = output;
                    break;
            }
        }

        var resource = scope.Resource.Items;
        if (!_rebuilds)
        {
            return batch.ResourceAttributes.AsSpan().SequenceEqual(CollectionsMarshal.AsSpan(resource))
                ? batch
                : batch.WithResourceAttributes(resource.ToArray());
        }
        return Rebuild(batch, resource.ToArray(), names!, descriptions!, flat, spans);
    }

    private MetricBatch Rebuild(MetricBatch batch, Attribute[] resource, string[] names, string[] descriptions,
        List<Attribute>? flat, (int Start, int Count)[]? spans)
    {
        var builder = _builder;
        builder.SetResourceAttributes(resource);
        var scopeMap = new int[batch.Scopes.Length];
        for (var s = 0; s < scopeMap.Length; s++)
        {
            scopeMap[s] = builder.AddScope(batch.Scopes[s]);
        }
        for (var m = 0; m < batch.Metrics.Length; m++)
        {
            ref readonly var metric = ref batch.Metrics[m];
            builder.BeginMetric(names[m], descriptions[m], metric.Unit, metric.Type, metric.Temporality, metric.IsMonotonic, scopeMap[metric.ScopeIndex]);
            if (spans is null)
            {
                builder.CopyPoints(batch, metric, 0, metric.PointCount);
                continue;
            }
            var offset = SpanOffset(batch, metric);
            for (var p = 0; p < metric.PointCount; p++)
            {
                var (start, count) = spans[offset + p];
                var attributes = CollectionsMarshal.AsSpan(flat!).Slice(start, count);
                switch (metric.Type)
                {
                    case MetricType.Gauge or MetricType.Sum:
                        ref readonly var point = ref batch.Points[metric.PointStart + p];
                        builder.AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Value, point.Flags, attributes);
                        builder.CopyExemplars(batch, batch.ExemplarsOf(point));
                        break;
                    case MetricType.Histogram:
                        ref readonly var histogram = ref batch.HistogramPoints[metric.PointStart + p];
                        builder.AddHistogramPoint(histogram.StartTimeUnixNano, histogram.TimeUnixNano, histogram.Count, histogram.Sum, histogram.HasSum,
                            histogram.Flags, batch.BoundsOf(histogram), batch.BucketCountsOf(histogram), attributes);
                        builder.CopyExemplars(batch, batch.ExemplarsOf(histogram));
                        break;
                    case MetricType.ExponentialHistogram:
                        ref readonly var exponential = ref batch.ExponentialHistogramPoints[metric.PointStart + p];
                        builder.AddExponentialHistogramPoint(batch, exponential, attributes);
                        builder.CopyExemplars(batch, batch.ExemplarsOf(exponential));
                        break;
                    default:
                        ref readonly var summary = ref batch.SummaryPoints[metric.PointStart + p];
                        builder.AddSummaryPoint(summary.StartTimeUnixNano, summary.TimeUnixNano, summary.Count, summary.Sum, summary.Flags,
                            batch.QuantilesOf(summary), attributes);
                        break;
                }
            }
        }
        return builder.Build();
    }

    /// <summary>Runs statements with the metric's current name and description in scope and keeps what they set.</summary>
    private void RunOnMetric(OttlStatement[] statements, string[] names, string[] descriptions, int metric)
    {
        _scope.MetricName = names[metric];
        _scope.MetricDescription = descriptions[metric];
        _scope.Cache.Values.Clear();
        Run(statements);
        names[metric] = _scope.MetricName;
        descriptions[metric] = _scope.MetricDescription;
    }

    private void Run(OttlStatement[] statements)
    {
        foreach (var statement in statements)
        {
            try
            {
                statement.Execute(_scope);
            }
            catch (OttlRuntimeException e)
            {
                if (_errorMode == TransformErrorMode.Propagate)
                {
                    throw new TransformException($"transform: statement \"{statement.Text}\" failed: {e.Message}", e);
                }
                ErrorCount++;
                if (_errorMode == TransformErrorMode.Ignore)
                {
                    LastError = $"statement \"{statement.Text}\" failed: {e.Message}";
                }
            }
        }
    }

    /// <summary>Span index of a metric's first point: numbers, histograms, summaries, then exponential histograms.</summary>
    private static int SpanOffset(MetricBatch batch, in MetricDescriptor metric) => metric.Type switch
    {
        MetricType.Histogram => batch.Points.Length + metric.PointStart,
        MetricType.Summary => batch.Points.Length + batch.HistogramPoints.Length + metric.PointStart,
        MetricType.ExponentialHistogram => batch.Points.Length + batch.HistogramPoints.Length + batch.SummaryPoints.Length + metric.PointStart,
        _ => metric.PointStart,
    };

    private static (int, int)[] InitialSpans(MetricBatch batch)
    {
        var spans = new (int, int)[batch.PointCount];
        var i = 0;
        foreach (ref readonly var point in batch.Points.AsSpan())
        {
            spans[i++] = (point.AttributeStart, point.AttributeCount);
        }
        foreach (ref readonly var point in batch.HistogramPoints.AsSpan())
        {
            spans[i++] = (point.AttributeStart, point.AttributeCount);
        }
        foreach (ref readonly var point in batch.SummaryPoints.AsSpan())
        {
            spans[i++] = (point.AttributeStart, point.AttributeCount);
        }
        foreach (ref readonly var point in batch.ExponentialHistogramPoints.AsSpan())
        {
            spans[i++] = (point.AttributeStart, point.AttributeCount);
        }
        return spans;
    }
}

/// <summary>A transform statement failed on the data with error_mode propagate: the batch is refused.</summary>
public sealed class TransformException(string message, Exception inner) : Exception(message, inner);
