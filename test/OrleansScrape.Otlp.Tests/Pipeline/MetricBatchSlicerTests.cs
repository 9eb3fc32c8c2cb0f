using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Pipeline;

public class MetricBatchSlicerTests
{
    [Fact]
    public void Whole_range_returns_the_batch_itself()
    {
        var batch = TestBatches.GaugeAndDeltaSum();

        Assert.Same(batch, MetricBatchSlicer.Slice(batch, 0, batch.PointCount));
    }

    [Fact]
    public void Slice_cutting_a_metric_keeps_the_metric_in_both_parts_with_their_points()
    {
        var batch = TestBatches.GaugeAndDeltaSum();

        var head = MetricBatchSlicer.Slice(batch, 0, 1);
        var tail = MetricBatchSlicer.Slice(batch, 1, 2);

        Assert.Equal(["process_open_fds"], head.Metrics.Select(m => m.Name));
        Assert.Equal(["process_open_fds", "http_requests_total"], tail.Metrics.Select(m => m.Name));
        Assert.Equal([1, 1], tail.Metrics.Select(m => m.PointCount));
        Assert.Equal("10.0.0.2:9090", tail.AttributesOf(tail.PointsOf(tail.Metrics[0])[0]).ToArray().Single().Value);
        Assert.Equal(["code", "method"], tail.AttributesOf(tail.PointsOf(tail.Metrics[1])[0]).ToArray().Select(a => a.Key));
        Assert.Equal(DataPointFlags.NoRecordedValue, tail.PointsOf(tail.Metrics[0])[0].Flags);
        Assert.Same(batch.ResourceAttributes, tail.ResourceAttributes);
        Assert.Equal(1, tail.Metrics[1].ScopeIndex);
    }

    [Fact]
    public void Slices_together_hold_every_point_once_in_order()
    {
        var batch = TestBatches.Gauge("g", 10);

        var slices = new[] { MetricBatchSlicer.Slice(batch, 0, 4), MetricBatchSlicer.Slice(batch, 4, 4), MetricBatchSlicer.Slice(batch, 8, 2) };

        Assert.Equal(TestBatches.Values([batch]), TestBatches.Values(slices));
        Assert.Equal([4, 4, 2], slices.Select(s => s.PointCount));
    }
}
