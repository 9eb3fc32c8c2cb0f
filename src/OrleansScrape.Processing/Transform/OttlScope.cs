namespace OrleansScrape.Processing.Transform;

/// <summary>What one statement sees: the resource, the metric and point being visited, and the cache.</summary>
internal sealed class OttlScope
{
    public AttributeMap Resource { get; } = new();
    public AttributeMap Point { get; } = new();
    public CacheMap Cache { get; } = new();
    public string MetricName { get; set; } = "";
    public string MetricDescription { get; set; } = "";
}
