using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Tests.Support;

internal sealed record ExportCall(IReadOnlyList<MetricBatch> Batches)
{
    public int PointCount => Batches.Sum(batch => batch.PointCount);
}
