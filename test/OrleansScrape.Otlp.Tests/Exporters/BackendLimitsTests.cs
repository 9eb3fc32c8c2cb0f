using Microsoft.AspNetCore.Http;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Tests.Support;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Otlp.Tests.Exporters;

public class BackendLimitsTests
{
    private static MetricBatch WideGauge(int attributes)
    {
        var builder = new MetricBatchBuilder([new ModelAttribute("service.name", "wide")]);
        var scope = builder.AddScope(new InstrumentationScope("s", "1"));
        builder.BeginMetric("g", "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        builder.AddPoint(0, 1, 1, DataPointFlags.None, Enumerable.Range(0, attributes).Select(i => new ModelAttribute($"k{i:000}", "v")).Reverse().ToArray());
        return builder.Build();
    }

    private static MetricBatch Summary()
    {
        var builder = new MetricBatchBuilder([new ModelAttribute("service.name", "s")]);
        var scope = builder.AddScope(new InstrumentationScope("s", "1"));
        builder.BeginMetric("rpc_seconds", "RPC latency.", "s", MetricType.Summary, AggregationTemporality.Unspecified, false, scope);
        builder.AddSummaryPoint(0, 5, 10, 2.5, DataPointFlags.None, [new QuantileValue(0.5, 0.2), new QuantileValue(0.99, 0.9)], [new ModelAttribute("method", "get")]);
        return builder.Build();
    }

    [Fact]
    public void Attributes_beyond_the_limit_are_cut_in_key_order_and_counted()
    {
        var shaped = RequestShaper.Shape([WideGauge(60)], new BackendLimits { MaxAttributesPerPoint = 50 }, out var dropped);

        var batch = Assert.Single(shaped);
        var attributes = batch.AttributesOf(batch.Points[0]).ToArray();
        Assert.Equal(50, attributes.Length);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"k{i:000}"), attributes.Select(a => a.Key));
        Assert.Equal(10, dropped);
    }

    [Fact]
    public void Exponential_histogram_attributes_beyond_the_limit_are_cut_and_its_buckets_kept()
    {
        var builder = new MetricBatchBuilder([new ModelAttribute("service.name", "wide")]);
        var scope = builder.AddScope(new InstrumentationScope("s", "1"));
        builder.BeginMetric("e", "", "", MetricType.ExponentialHistogram, AggregationTemporality.Delta, false, scope);
        builder.AddExponentialHistogramPoint(0, 1, 3, 3, true, 1, true, 1, true, 0, 0, 0, 0, [3], 0, [], DataPointFlags.None,
            Enumerable.Range(0, 60).Select(i => new ModelAttribute($"k{i:000}", "v")).ToArray());

        var batch = Assert.Single(RequestShaper.Shape([builder.Build()], new BackendLimits { MaxAttributesPerPoint = 50 }, out var dropped));

        var point = Assert.Single(batch.ExponentialHistogramPoints);
        Assert.Equal((50, 10L), (point.AttributeCount, dropped));
        Assert.Equal([3UL], batch.PositiveBucketCountsOf(point).ToArray());
    }

    [Fact]
    public void Points_within_the_attribute_limit_are_left_as_they_are()
    {
        var batch = WideGauge(10);
        var shaped = RequestShaper.Shape([batch], new BackendLimits { MaxAttributesPerPoint = 50 }, out var dropped);

        Assert.Same(batch, Assert.Single(shaped));
        Assert.Equal(0, dropped);
    }

    [Fact]
    public void Summaries_become_quantile_sum_and_count_gauges()
    {
        var batch = Assert.Single(RequestShaper.Shape([Summary()], new BackendLimits { SummariesAsGauges = true }, out _));

        Assert.Equal(["rpc_seconds", "rpc_seconds_sum", "rpc_seconds_count"], batch.Metrics.Select(m => m.Name));
        Assert.All(batch.Metrics, m => Assert.Equal(MetricType.Gauge, m.Type));
        var quantiles = batch.PointsOf(batch.Metrics[0]).ToArray();
        Assert.Equal([0.2, 0.9], quantiles.Select(p => p.Value));
        Assert.Equal(["0.5", "0.99"], quantiles.Select(p => batch.AttributesOf(p).ToArray().Single(a => a.Key == "quantile").Value));
        Assert.Equal(2.5, batch.PointsOf(batch.Metrics[1])[0].Value);
        Assert.Equal(10.0, batch.PointsOf(batch.Metrics[2])[0].Value);
    }

    [Fact]
    public void Requests_over_the_size_limit_are_split_until_each_part_fits()
    {
        var batches = new[] { TestBatches.Gauge("a", 300), TestBatches.Gauge("b", 300) };
        var whole = OtlpRequestEncoder.Encode(batches).CalculateSize();

        var parts = RequestShaper.SplitBySize(batches, whole / 3, part => OtlpRequestEncoder.Encode(part).CalculateSize());

        Assert.True(parts.Count >= 3);
        Assert.All(parts, part => Assert.True(OtlpRequestEncoder.Encode(part).CalculateSize() <= whole / 3));
        Assert.Equal(TestBatches.Values(batches), TestBatches.Values(parts.SelectMany(p => p)));
    }

    [Fact]
    public async Task Exporter_splits_a_large_request_and_a_retry_sends_only_the_undelivered_parts()
    {
        var calls = 0;
        await using var sink = await OtlpSink.StartAsync(context =>
        {
            // The third request fails once: the retry must not send the first two parts again.
            context.Response.StatusCode = Interlocked.Increment(ref calls) == 3 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        var batches = new[] { TestBatches.Gauge("a", 400) };
        var whole = OtlpRequestEncoder.Encode(batches).CalculateSize();
        using var http = new HttpClient();
        var exporter = new OtlpHttpExporter("limited", new OtlpHttpExporterOptions
        {
            Endpoint = sink.BaseUri,
            Compression = OtlpCompression.None,
            Limits = new BackendLimits { MaxRequestBytes = whole / 4 },
        }, http);

        await Assert.ThrowsAsync<ExportFailedException>(() => exporter.ExportAsync(batches, CancellationToken.None));
        await exporter.ExportAsync(batches, CancellationToken.None);

        var delivered = sink.Requests.Where((_, index) => index != 2).Select(r => r.DecodeBody()).ToList();
        var values = delivered.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics)
            .SelectMany(m => m.Gauge.DataPoints).Select(p => p.AsDouble).ToList();
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (double)i), values);
        Assert.All(sink.Requests, r => Assert.True(r.Body.Length <= whole / 4));
    }

    [Fact]
    public void Dynatrace_preset_has_the_documented_limits()
    {
        Assert.Equal(4 * 1024 * 1024, BackendLimits.Dynatrace.MaxRequestBytes);
        Assert.Equal(15_000, BackendLimits.Dynatrace.MaxPointsPerRequest);
        Assert.Equal(50, BackendLimits.Dynatrace.MaxAttributesPerPoint);
        Assert.True(BackendLimits.Dynatrace.SummariesAsGauges);
    }
}
