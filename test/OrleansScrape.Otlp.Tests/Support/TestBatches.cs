using OrleansScrape.Otlp.Model;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Otlp.Tests.Support;

internal static class TestBatches
{
    public const long Start = 1_700_000_000_000_000_000;
    public const long Time = 1_700_000_015_000_000_000;

    /// <summary>A gauge in one scope and a delta monotonic sum in another, the shapes a scrape produces.</summary>
    public static MetricBatch GaugeAndDeltaSum()
    {
        var builder = new MetricBatchBuilder([new ModelAttribute("service.name", "api"), new ModelAttribute("k8s.pod.name", "api-0")]);
        var receiverScope = builder.AddScope(new InstrumentationScope("orleansscrape/prometheus", "0.1.0"));
        var appScope = builder.AddScope(new InstrumentationScope("app", "2.0"));

        builder.BeginMetric("process_open_fds", "Open file descriptors.", "{fds}", MetricType.Gauge, AggregationTemporality.Unspecified, false, receiverScope);
        builder.AddPoint(0, Time, 42, DataPointFlags.None, [new ModelAttribute("instance", "10.0.0.1:9090")]);
        builder.AddPoint(0, Time, double.NaN, DataPointFlags.NoRecordedValue, [new ModelAttribute("instance", "10.0.0.2:9090")]);

        builder.BeginMetric("http_requests_total", "Requests served.", "{requests}", MetricType.Sum, AggregationTemporality.Delta, true, appScope);
        builder.AddPoint(Start, Time, 7, DataPointFlags.None, [new ModelAttribute("code", "200"), new ModelAttribute("method", "GET")]);
        return builder.Build();
    }

    /// <summary>One gauge of <paramref name="points"/> points whose values count up from <paramref name="firstValue"/>.</summary>
    public static MetricBatch Gauge(string resourceName, int points, double firstValue = 0)
    {
        var builder = new MetricBatchBuilder([new ModelAttribute("service.name", resourceName)]);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("value", "", "1", MetricType.Gauge, AggregationTemporality.Unspecified, false, scope);
        for (var i = 0; i < points; i++)
        {
            builder.AddPoint(0, Time, firstValue + i, DataPointFlags.None, [new ModelAttribute("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
        return builder.Build();
    }

    /// <summary>The values of every point, in metric order, across the batches.</summary>
    public static List<double> Values(IEnumerable<MetricBatch> batches)
    {
        var values = new List<double>();
        foreach (var batch in batches)
        {
            foreach (var metric in batch.Metrics)
            {
                foreach (var point in batch.PointsOf(metric))
                {
                    values.Add(point.Value);
                }
            }
        }
        return values;
    }
}
