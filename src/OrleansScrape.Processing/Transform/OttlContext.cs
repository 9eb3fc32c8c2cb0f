namespace OrleansScrape.Processing.Transform;

/// <summary>The OTTL contexts of metric pipelines this version runs statements in.</summary>
public enum OttlContext
{
    Resource,
    Metric,
    DataPoint,
}
