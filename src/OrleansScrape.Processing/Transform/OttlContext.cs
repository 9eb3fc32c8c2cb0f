namespace OrleansScrape.Processing.Transform;

/// <summary>
/// The OTTL contexts of metric pipelines this version runs statements in, from the least to the
/// most specific: context inference picks the greatest one a group names.
/// </summary>
public enum OttlContext
{
    Resource,
    Metric,
    DataPoint,
}
