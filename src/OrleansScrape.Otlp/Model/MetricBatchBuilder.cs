namespace OrleansScrape.Otlp.Model;

/// <summary>
/// Builds a <see cref="MetricBatch"/> metric by metric: <see cref="BeginMetric"/>, then its
/// points (of the kind its type carries), then the next metric. A metric that receives no point
/// is left out of the batch. Exemplars attach to the point added last.
/// </summary>
public sealed class MetricBatchBuilder
{
    private readonly List<InstrumentationScope> _scopes = new();
    private readonly List<MetricDescriptor> _metrics = new();
    private readonly List<NumberPoint> _points = new();
    private readonly List<Attribute> _pointAttributes = new();
    private readonly List<HistogramPoint> _histogramPoints = new();
    private readonly List<double> _bounds = new();
    private readonly List<ulong> _bucketCounts = new();
    private readonly List<SummaryPoint> _summaryPoints = new();
    private readonly List<ExponentialHistogramPoint> _exponentialPoints = new();
    private readonly List<QuantileValue> _quantiles = new();
    private readonly List<Exemplar> _exemplars = new();
    private Attribute[] _resourceAttributes;
    private MetricDescriptor? _open;

    public MetricBatchBuilder(Attribute[] resourceAttributes)
    {
        _resourceAttributes = resourceAttributes;
    }

    /// <summary>Data points of every type added so far.</summary>
    public int PointCount => _points.Count + _histogramPoints.Count + _summaryPoints.Count + _exponentialPoints.Count;

    public void SetResourceAttributes(Attribute[] resourceAttributes) => _resourceAttributes = resourceAttributes;

    /// <summary>Returns the index of the scope, adding it when the batch does not have it yet.</summary>
    public int AddScope(InstrumentationScope scope)
    {
        var index = _scopes.IndexOf(scope);
        if (index >= 0)
        {
            return index;
        }
        _scopes.Add(scope);
        return _scopes.Count - 1;
    }

    public void BeginMetric(
        string name,
        string description,
        string unit,
        MetricType type,
        AggregationTemporality temporality,
        bool isMonotonic,
        int scopeIndex)
    {
        CloseMetric();
        if ((uint)scopeIndex >= (uint)_scopes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(scopeIndex), "Add the scope before a metric refers to it.");
        }
        _open = new MetricDescriptor(name, description, unit, type, temporality, isMonotonic, scopeIndex, CountOf(type), 0);
    }

    public void BeginMetric(in MetricDescriptor like, int scopeIndex) =>
        BeginMetric(like.Name, like.Description, like.Unit, like.Type, like.Temporality, like.IsMonotonic, scopeIndex);

    public void AddPoint(long startTimeUnixNano, long timeUnixNano, double value, DataPointFlags flags, ReadOnlySpan<Attribute> attributes)
    {
        Require(MetricType.Gauge, MetricType.Sum);
        var attributeStart = AppendAttributes(attributes);
        _points.Add(new NumberPoint(startTimeUnixNano, timeUnixNano, value, flags, attributeStart, attributes.Length, _exemplars.Count, 0));
    }

    /// <summary>
    /// Adds a histogram point. <paramref name="bucketCounts"/> are per bucket (not cumulative) and
    /// number one more than <paramref name="bounds"/>.
    /// </summary>
    public void AddHistogramPoint(
        long startTimeUnixNano,
        long timeUnixNano,
        ulong count,
        double sum,
        bool hasSum,
        DataPointFlags flags,
        ReadOnlySpan<double> bounds,
        ReadOnlySpan<ulong> bucketCounts,
        ReadOnlySpan<Attribute> attributes)
    {
        Require(MetricType.Histogram, MetricType.Histogram);
        if (bucketCounts.Length != bounds.Length + 1 && !(bounds.Length == 0 && bucketCounts.Length == 0))
        {
            throw new ArgumentException("A histogram point has one bucket count more than bounds.", nameof(bucketCounts));
        }
        var boundsStart = _bounds.Count;
        var countsStart = _bucketCounts.Count;
        foreach (var bound in bounds)
        {
            _bounds.Add(bound);
        }
        foreach (var bucket in bucketCounts)
        {
            _bucketCounts.Add(bucket);
        }
        if (bucketCounts.Length == 0)
        {
            // No buckets at all: OTLP's single implicit bucket holds everything.
            _bucketCounts.Add(count);
        }
        var attributeStart = AppendAttributes(attributes);
        _histogramPoints.Add(new HistogramPoint(startTimeUnixNano, timeUnixNano, count, sum, hasSum, flags,
            boundsStart, bounds.Length, countsStart, attributeStart, attributes.Length, _exemplars.Count, 0));
    }

    /// <summary>
    /// Adds an exponential histogram point. Bucket counts are per bucket, starting at their
    /// range's offset; <paramref name="zeroCount"/> counts the values within the zero threshold.
    /// </summary>
    public void AddExponentialHistogramPoint(
        long startTimeUnixNano,
        long timeUnixNano,
        ulong count,
        double sum,
        bool hasSum,
        double min,
        bool hasMin,
        double max,
        bool hasMax,
        int scale,
        ulong zeroCount,
        double zeroThreshold,
        int positiveOffset,
        ReadOnlySpan<ulong> positiveBucketCounts,
        int negativeOffset,
        ReadOnlySpan<ulong> negativeBucketCounts,
        DataPointFlags flags,
        ReadOnlySpan<Attribute> attributes)
    {
        Require(MetricType.ExponentialHistogram, MetricType.ExponentialHistogram);
        var countsStart = _bucketCounts.Count;
        foreach (var bucket in positiveBucketCounts)
        {
            _bucketCounts.Add(bucket);
        }
        foreach (var bucket in negativeBucketCounts)
        {
            _bucketCounts.Add(bucket);
        }
        var attributeStart = AppendAttributes(attributes);
        _exponentialPoints.Add(new ExponentialHistogramPoint(startTimeUnixNano, timeUnixNano, count, sum, hasSum, min, hasMin, max, hasMax,
            scale, zeroCount, zeroThreshold, positiveOffset, positiveBucketCounts.Length, negativeOffset, negativeBucketCounts.Length,
            countsStart, flags, attributeStart, attributes.Length, _exemplars.Count, 0));
    }

    /// <summary>Adds a copy of an exponential histogram point of another batch under the given attributes.</summary>
    public void AddExponentialHistogramPoint(MetricBatch source, in ExponentialHistogramPoint point, ReadOnlySpan<Attribute> attributes) =>
        AddExponentialHistogramPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Count, point.Sum, point.HasSum,
            point.Min, point.HasMin, point.Max, point.HasMax, point.Scale, point.ZeroCount, point.ZeroThreshold,
            point.PositiveOffset, source.PositiveBucketCountsOf(point), point.NegativeOffset, source.NegativeBucketCountsOf(point),
            point.Flags, attributes);

    public void AddSummaryPoint(
        long startTimeUnixNano,
        long timeUnixNano,
        ulong count,
        double sum,
        DataPointFlags flags,
        ReadOnlySpan<QuantileValue> quantiles,
        ReadOnlySpan<Attribute> attributes)
    {
        Require(MetricType.Summary, MetricType.Summary);
        var quantileStart = _quantiles.Count;
        foreach (var quantile in quantiles)
        {
            _quantiles.Add(quantile);
        }
        var attributeStart = AppendAttributes(attributes);
        _summaryPoints.Add(new SummaryPoint(startTimeUnixNano, timeUnixNano, count, sum, flags, quantileStart, quantiles.Length, attributeStart, attributes.Length));
    }

    /// <summary>Attaches an exemplar to the number or (exponential) histogram point added last.</summary>
    public void AddExemplar(long timeUnixNano, double value, UInt128 traceId, ulong spanId, ReadOnlySpan<Attribute> filteredAttributes)
    {
        if (_open is not { } open)
        {
            throw new InvalidOperationException("BeginMetric and a point must come before AddExemplar.");
        }
        var attributeStart = AppendAttributes(filteredAttributes);
        _exemplars.Add(new Exemplar(timeUnixNano, value, traceId, spanId, attributeStart, filteredAttributes.Length));
        switch (open.Type)
        {
            case MetricType.Gauge or MetricType.Sum when _points.Count > open.PointStart:
                _points[^1] = _points[^1] with { ExemplarCount = _points[^1].ExemplarCount + 1 };
                break;
            case MetricType.Histogram when _histogramPoints.Count > open.PointStart:
                _histogramPoints[^1] = _histogramPoints[^1] with { ExemplarCount = _histogramPoints[^1].ExemplarCount + 1 };
                break;
            case MetricType.ExponentialHistogram when _exponentialPoints.Count > open.PointStart:
                _exponentialPoints[^1] = _exponentialPoints[^1] with { ExemplarCount = _exponentialPoints[^1].ExemplarCount + 1 };
                break;
            default:
                _exemplars.RemoveAt(_exemplars.Count - 1);
                throw new InvalidOperationException($"A {open.Type} metric without a point has nothing to attach an exemplar to.");
        }
    }

    /// <summary>
    /// Copies points <c>[first, first + count)</c> of a metric of another batch (attributes,
    /// buckets, quantiles and exemplars with them) into the open metric, which must be of the same type.
    /// </summary>
    public void CopyPoints(MetricBatch source, in MetricDescriptor metric, int first, int count)
    {
        switch (metric.Type)
        {
            case MetricType.Gauge or MetricType.Sum:
                foreach (ref readonly var point in source.PointsOf(metric).Slice(first, count))
                {
                    AddPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Value, point.Flags, source.AttributesOf(point));
                    CopyExemplars(source, source.ExemplarsOf(point));
                }
                break;
            case MetricType.Histogram:
                foreach (ref readonly var point in source.HistogramPointsOf(metric).Slice(first, count))
                {
                    AddHistogramPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Count, point.Sum, point.HasSum, point.Flags,
                        source.BoundsOf(point), source.BucketCountsOf(point), source.AttributesOf(point));
                    CopyExemplars(source, source.ExemplarsOf(point));
                }
                break;
            case MetricType.ExponentialHistogram:
                foreach (ref readonly var point in source.ExponentialHistogramPointsOf(metric).Slice(first, count))
                {
                    AddExponentialHistogramPoint(source, point, source.AttributesOf(point));
                    CopyExemplars(source, source.ExemplarsOf(point));
                }
                break;
            case MetricType.Summary:
                foreach (ref readonly var point in source.SummaryPointsOf(metric).Slice(first, count))
                {
                    AddSummaryPoint(point.StartTimeUnixNano, point.TimeUnixNano, point.Count, point.Sum, point.Flags,
                        source.QuantilesOf(point), source.AttributesOf(point));
                }
                break;
            default:
                throw new ArgumentException($"Cannot copy points of a {metric.Type} metric.", nameof(metric));
        }
    }

    /// <summary>Copies a whole metric of another batch: a new metric with all its points.</summary>
    public void CopyMetric(MetricBatch source, in MetricDescriptor metric, int scopeIndex)
    {
        BeginMetric(metric, scopeIndex);
        CopyPoints(source, metric, 0, metric.PointCount);
    }

    public MetricBatch Build()
    {
        CloseMetric();
        var batch = new MetricBatch(
            _resourceAttributes,
            _scopes.ToArray(),
            _metrics.ToArray(),
            _points.ToArray(),
            _pointAttributes.ToArray(),
            _histogramPoints.ToArray(),
            _bounds.ToArray(),
            _bucketCounts.ToArray(),
            _summaryPoints.ToArray(),
            _quantiles.ToArray(),
            _exemplars.ToArray(),
            _exponentialPoints.ToArray());
        _scopes.Clear();
        _metrics.Clear();
        _points.Clear();
        _pointAttributes.Clear();
        _histogramPoints.Clear();
        _bounds.Clear();
        _bucketCounts.Clear();
        _summaryPoints.Clear();
        _exponentialPoints.Clear();
        _quantiles.Clear();
        _exemplars.Clear();
        return batch;
    }

    /// <summary>Attaches copies of exemplars of another batch to the point added last.</summary>
    public void CopyExemplars(MetricBatch source, ReadOnlySpan<Exemplar> exemplars)
    {
        foreach (ref readonly var exemplar in exemplars)
        {
            AddExemplar(exemplar.TimeUnixNano, exemplar.Value, exemplar.TraceId, exemplar.SpanId, source.AttributesOf(exemplar));
        }
    }

    private int AppendAttributes(ReadOnlySpan<Attribute> attributes)
    {
        var start = _pointAttributes.Count;
        foreach (var attribute in attributes)
        {
            _pointAttributes.Add(attribute);
        }
        return start;
    }

    private void Require(MetricType first, MetricType second)
    {
        if (_open is not { } open)
        {
            throw new InvalidOperationException("BeginMetric must be called before points are added.");
        }
        if (open.Type != first && open.Type != second)
        {
            throw new InvalidOperationException($"Metric '{open.Name}' is a {open.Type}; it cannot take this kind of point.");
        }
    }

    private int CountOf(MetricType type) => type switch
    {
        MetricType.Histogram => _histogramPoints.Count,
        MetricType.Summary => _summaryPoints.Count,
        MetricType.ExponentialHistogram => _exponentialPoints.Count,
        _ => _points.Count,
    };

    private void CloseMetric()
    {
        if (_open is { } open)
        {
            var count = CountOf(open.Type) - open.PointStart;
            if (count > 0)
            {
                _metrics.Add(open with { PointCount = count });
            }
            _open = null;
        }
    }
}
