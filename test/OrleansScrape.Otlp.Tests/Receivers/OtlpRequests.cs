using Google.Protobuf;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using ProtoCommon = OrleansScrape.Otlp.Proto.Common.V1;
using ProtoMetrics = OrleansScrape.Otlp.Proto.Metrics.V1;
using ProtoResource = OrleansScrape.Otlp.Proto.Resource.V1;

namespace OrleansScrape.Otlp.Tests.Receivers;

/// <summary>OTLP requests as senders build them, for receiver tests.</summary>
internal static class OtlpRequests
{
    public const ulong Start = 1_700_000_000_000_000_000;
    public const ulong Time = 1_700_000_015_000_000_000;
    public static readonly byte[] TraceId = Convert.FromHexString("0102030405060708090a0b0c0d0e0f10");
    public static readonly byte[] SpanId = Convert.FromHexString("1112131415161718");

    public static ProtoCommon.KeyValue String(string key, string value) => new() { Key = key, Value = new ProtoCommon.AnyValue { StringValue = value } };

    public static ProtoMetrics.ResourceMetrics Resource(string serviceName, params ProtoMetrics.Metric[] metrics)
    {
        var scope = new ProtoMetrics.ScopeMetrics { Scope = new ProtoCommon.InstrumentationScope { Name = "app.meter", Version = "1.2.3" } };
        scope.Metrics.AddRange(metrics);
        var resource = new ProtoMetrics.ResourceMetrics { Resource = new ProtoResource.Resource() };
        resource.Resource.Attributes.Add(String("service.name", serviceName));
        resource.ScopeMetrics.Add(scope);
        return resource;
    }

    public static ProtoMetrics.Metric CumulativeCounter(string name, params double[] values)
    {
        var sum = new ProtoMetrics.Sum { AggregationTemporality = ProtoMetrics.AggregationTemporality.Cumulative, IsMonotonic = true };
        foreach (var value in values)
        {
            var point = new ProtoMetrics.NumberDataPoint { StartTimeUnixNano = Start, TimeUnixNano = Time, AsDouble = value };
            point.Attributes.Add(String("path", "/a"));
            sum.DataPoints.Add(point);
        }
        return new ProtoMetrics.Metric { Name = name, Unit = "{requests}", Description = "Requests.", Sum = sum };
    }

    /// <summary>An exponential histogram whose points all have a scale beyond OTLP's 20, so a receiver refuses them.</summary>
    public static ProtoMetrics.Metric MalformedExponentialHistogram(string name, int points)
    {
        var histogram = new ProtoMetrics.ExponentialHistogram { AggregationTemporality = ProtoMetrics.AggregationTemporality.Delta };
        for (var i = 0; i < points; i++)
        {
            histogram.DataPoints.Add(new ProtoMetrics.ExponentialHistogramDataPoint { TimeUnixNano = Time, Count = 3, Scale = 21 });
        }
        return new ProtoMetrics.Metric { Name = name, ExponentialHistogram = histogram };
    }

    /// <summary>Two resources: a counter of two points and a histogram in the first, a gauge in the second.</summary>
    public static ExportMetricsServiceRequest Mixed()
    {
        var histogram = new ProtoMetrics.Histogram { AggregationTemporality = ProtoMetrics.AggregationTemporality.Cumulative };
        var point = new ProtoMetrics.HistogramDataPoint { StartTimeUnixNano = Start, TimeUnixNano = Time, Count = 4, Sum = 10.5 };
        point.ExplicitBounds.Add([1, 5]);
        point.BucketCounts.Add([1, 2, 1]);
        point.Exemplars.Add(new ProtoMetrics.Exemplar { TimeUnixNano = Time, AsDouble = 4.5, TraceId = ByteString.CopyFrom(TraceId), SpanId = ByteString.CopyFrom(SpanId) });
        histogram.DataPoints.Add(point);
        var gauge = new ProtoMetrics.Gauge();
        gauge.DataPoints.Add(new ProtoMetrics.NumberDataPoint { TimeUnixNano = Time, AsInt = 42 });

        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(Resource("api",
            CumulativeCounter("requests", 3, 5),
            new ProtoMetrics.Metric { Name = "latency", Unit = "s", Histogram = histogram }));
        request.ResourceMetrics.Add(Resource("worker", new ProtoMetrics.Metric { Name = "queue_depth", Gauge = gauge }));
        return request;
    }
}
