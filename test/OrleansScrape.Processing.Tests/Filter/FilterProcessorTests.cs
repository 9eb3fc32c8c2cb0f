using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.Filter;
using OrleansScrape.Processing.Matching;
using static OrleansScrape.Processing.Tests.TestBatches;

namespace OrleansScrape.Processing.Tests.Filter;

public sealed class FilterProcessorTests
{
    private static MetricBatch Scrape(params string[] names)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        foreach (var name in names)
        {
            builder.BeginMetric(name, "", "", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
            builder.AddPoint(0, Second, 1, DataPointFlags.None, [new OrleansScrape.Otlp.Model.Attribute("n", name)]);
        }
        return builder.Build();
    }

    private static string[] Names(MetricBatch batch) => batch.Metrics.Select(m => m.Name).ToArray();

    [Fact]
    public void Include_Strict_KeepsOnlyTheNamedMetrics()
    {
        var processor = new FilterProcessor(new FilterOptions { Include = new(MetricMatchType.Strict, ["a", "c"]) });
        var output = processor.Process(Scrape("a", "b", "c"));
        Assert.Equal(["a", "c"], Names(output));
        Assert.Equal(["a", "c"], output.PointAttributes.Select(a => a.Value));
    }

    [Fact]
    public void Include_Regexp_KeepsMetricsMatchingAnywhere()
    {
        var processor = new FilterProcessor(new FilterOptions { Include = new(MetricMatchType.Regexp, ["http_.*_total"]) });
        Assert.Equal(["app_http_requests_total"], Names(processor.Process(Scrape("app_http_requests_total", "rpc_total"))));
    }

    [Fact]
    public void Exclude_DropsTheNamedMetrics()
    {
        var processor = new FilterProcessor(new FilterOptions { Exclude = new(MetricMatchType.Strict, ["b"]) });
        Assert.Equal(["a", "c"], Names(processor.Process(Scrape("a", "b", "c"))));
    }

    [Fact]
    public void Exclude_WinsOverInclude()
    {
        var processor = new FilterProcessor(new FilterOptions
        {
            Include = new(MetricMatchType.Regexp, ["^go_"]),
            Exclude = new(MetricMatchType.Regexp, ["_gc_"]),
        });
        Assert.Equal(["go_goroutines"], Names(processor.Process(Scrape("go_goroutines", "go_gc_duration_seconds", "up"))));
    }

    [Fact]
    public void NoFilter_PassesTheBatchUnchanged()
    {
        var batch = Scrape("a", "b");
        Assert.Same(batch, new FilterProcessor(new FilterOptions()).Process(batch));
    }

    [Fact]
    public void AllDropped_LeavesAnEmptyBatchWithTheResource()
    {
        var output = new FilterProcessor(new FilterOptions { Include = new(MetricMatchType.Strict, ["x"]) }).Process(Scrape("a", "b"));
        Assert.Empty(output.Metrics);
        Assert.Empty(output.Scopes);
        Assert.Equal(Resource, output.ResourceAttributes);
    }

    [Fact]
    public void Options_EmptyMetricNames_AreRefused()
    {
        var options = new FilterOptions { Include = new(MetricMatchType.Strict, []) };
        Assert.Contains(options.Validate(), p => p.ToString().Contains("metric_names"));
        Assert.Throws<ArgumentException>(() => new FilterProcessor(options));
    }

    [Fact]
    public void Options_InvalidRegexp_IsRefused()
    {
        Assert.Contains(new FilterOptions { Exclude = new(MetricMatchType.Regexp, ["[a-"]) }.Validate(), p => p.ToString().Contains("not a valid regular expression"));
    }

    [Fact]
    public void IsStateless()
    {
        var processor = new FilterProcessor(new FilterOptions { Exclude = new(MetricMatchType.Strict, ["b"]) });
        processor.Process(Scrape("a", "b"));
        Assert.Equal(0, processor.TrackedSeries);
        Assert.Equal("filter", processor.Name);
    }
}
