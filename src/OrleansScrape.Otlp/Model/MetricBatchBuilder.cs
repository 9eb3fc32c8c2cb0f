namespace OrleansScrape.Otlp.Model;

/// <summary>
/// Builds a <see cref="MetricBatch"/> metric by metric: <see cref="BeginMetric"/>, then its
/// points, then the next metric. A metric that receives no point is left out of the batch.
/// </summary>
public sealed class MetricBatchBuilder
{
    private readonly List<InstrumentationScope> _scopes = new();
    private readonly List<MetricDescriptor> _metrics = new();
    private readonly List<NumberPoint> _points = new();
    private readonly List<Attribute> _pointAttributes = new();
    private Attribute[] _resourceAttributes;
    private MetricDescriptor? _open;

    public MetricBatchBuilder(Attribute[] resourceAttributes)
    {
        _resourceAttributes = resourceAttributes;
    }

    public int PointCount => _points.Count;

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
        _open = new MetricDescriptor(name, description, unit, type, temporality, isMonotonic, scopeIndex, _points.Count, 0);
    }

    public void BeginMetric(in MetricDescriptor like, int scopeIndex) =>
        BeginMetric(like.Name, like.Description, like.Unit, like.Type, like.Temporality, like.IsMonotonic, scopeIndex);

    public void AddPoint(long startTimeUnixNano, long timeUnixNano, double value, DataPointFlags flags, ReadOnlySpan<Attribute> attributes)
    {
        if (_open is null)
        {
            throw new InvalidOperationException("BeginMetric must be called before AddPoint.");
        }
        var attributeStart = _pointAttributes.Count;
        foreach (var attribute in attributes)
        {
            _pointAttributes.Add(attribute);
        }
        _points.Add(new NumberPoint(startTimeUnixNano, timeUnixNano, value, flags, attributeStart, attributes.Length));
    }

    public MetricBatch Build()
    {
        CloseMetric();
        var batch = new MetricBatch(
            _resourceAttributes,
            _scopes.ToArray(),
            _metrics.ToArray(),
            _points.ToArray(),
            _pointAttributes.ToArray());
        _scopes.Clear();
        _metrics.Clear();
        _points.Clear();
        _pointAttributes.Clear();
        return batch;
    }

    private void CloseMetric()
    {
        if (_open is { } open)
        {
            var count = _points.Count - open.PointStart;
            if (count > 0)
            {
                _metrics.Add(open with { PointCount = count });
            }
            _open = null;
        }
    }
}
