using OrleansScrape.Otlp.Model;
using NumberDataPoint = OrleansScrape.Otlp.Proto.Metrics.V1.NumberDataPoint;
using OrleansScrape.Testing;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Grains.Tests.Series;

/// <summary>Cumulative counters of one resource as successive scrapes would send them, and what a sink got of them.</summary>
internal static class SeriesTestData
{
    public const long StartTime = 1_600_000_000_000_000_000;
    private const long Round0 = 1_700_000_000_000_000_000;
    private const long RoundLength = 1_000_000_000;

    public static readonly ModelAttribute[] Resource = [new("service.name", "heavy"), new("service.instance.id", "heavy-0")];

    /// <summary>
    /// A gateway that receives only what tests push (no scrape configs) and exports to the sink, with
    /// cumulativetodelta's settings and extra top-level YAML.
    /// </summary>
    public static string Config(Uri sink, string cumulativeToDelta, string extra = "") => $$"""
        receivers:
          prometheus:
            config:
              scrape_configs: []
        processors:
          cumulativetodelta:
            {{cumulativeToDelta}}
          batch:
            timeout: 50ms
        exporters:
          otlphttp:
            endpoint: {{sink}}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              processors: [cumulativetodelta, batch]
              exporters: [otlphttp]
        {{extra}}
        """;

    public static long TimeOf(int round) => Round0 + round * RoundLength;

    /// <summary>Counter value of series <paramref name="series"/> in a round: grows by series + 1 per round.</summary>
    public static double ValueOf(int series, int round) => (round + 1) * (series + 1.0);

    /// <summary>One scrape: counter <c>requests_total{s="0".."series-1"}</c> at the round's time.</summary>
    public static MetricBatch Counters(int series, int round) => Counters(0, series, round);

    /// <summary>Part of a scrape, as one OTLP request may carry: series <paramref name="first"/> up to <paramref name="end"/>.</summary>
    public static MetricBatch Counters(int first, int end, int round)
    {
        var builder = new MetricBatchBuilder(Resource);
        var scope = builder.AddScope(new InstrumentationScope("test", "1"));
        builder.BeginMetric("requests_total", "", "1", MetricType.Sum, AggregationTemporality.Cumulative, true, scope);
        for (var s = first; s < end; s++)
        {
            builder.AddPoint(StartTime, TimeOf(round), ValueOf(s, round), DataPointFlags.None, [new ModelAttribute("s", s.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
        return builder.Build();
    }

    /// <summary>Every delta point the sink received, by the series' <c>s</c> attribute, in time order.</summary>
    public static Dictionary<string, List<NumberDataPoint>> DeltasBySeries(OtlpSink sink) =>
        sink.Requests.SelectMany(r => r.ResourceMetrics).SelectMany(rm => rm.ScopeMetrics).SelectMany(sm => sm.Metrics)
            .Where(m => m.Name == "requests_total")
            .SelectMany(m => m.Sum.DataPoints)
            .GroupBy(p => p.Attributes.Single(a => a.Key == "s").Value.StringValue)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.TimeUnixNano).ToList());
}
