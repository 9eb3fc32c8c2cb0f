using Google.Protobuf.Collections;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;
using ProtoCommon = OrleansScrape.Otlp.Proto.Common.V1;
using ProtoMetrics = OrleansScrape.Otlp.Proto.Metrics.V1;
using ProtoResource = OrleansScrape.Otlp.Proto.Resource.V1;

namespace OrleansScrape.Otlp.Encoders;

/// <summary>Turns columnar <see cref="MetricBatch"/>es into the OTLP export request message.</summary>
public static class OtlpRequestEncoder
{
    /// <summary>
    /// One <c>ResourceMetrics</c> per batch, one <c>ScopeMetrics</c> per scope that has metrics
    /// (in scope index order), one <c>Metric</c> per descriptor.
    /// </summary>
    /// <exception cref="ArgumentException">A metric is of a type whose points the model cannot carry, or refers to a missing scope.</exception>
    public static ExportMetricsServiceRequest Encode(IReadOnlyList<MetricBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var request = new ExportMetricsServiceRequest();
        for (var i = 0; i < batches.Count; i++)
        {
            request.ResourceMetrics.Add(EncodeResource(batches[i]));
        }
        return request;
    }

    public static int CountPoints(IReadOnlyList<MetricBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var count = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            count += batches[i].PointCount;
        }
        return count;
    }

    private static ProtoMetrics.ResourceMetrics EncodeResource(MetricBatch batch)
    {
        var resource = new ProtoResource.Resource();
        AddAttributes(resource.Attributes, batch.ResourceAttributes);
        var resourceMetrics = new ProtoMetrics.ResourceMetrics { Resource = resource };

        // Indexed by scope index; a scope gets its entry with its first metric, so unused scopes are left out.
        var scopeMetrics = new ProtoMetrics.ScopeMetrics?[batch.Scopes.Length];
        foreach (var metric in batch.Metrics)
        {
            if ((uint)metric.ScopeIndex >= (uint)scopeMetrics.Length)
            {
                throw new ArgumentException(
                    $"Metric '{metric.Name}' refers to scope {metric.ScopeIndex}, but its batch has {scopeMetrics.Length} scopes.",
                    "batches");
            }
            var scope = scopeMetrics[metric.ScopeIndex] ??= NewScopeMetrics(batch.Scopes[metric.ScopeIndex]);
            scope.Metrics.Add(EncodeMetric(batch, metric));
        }
        foreach (var scope in scopeMetrics)
        {
            if (scope is not null)
            {
                resourceMetrics.ScopeMetrics.Add(scope);
            }
        }
        return resourceMetrics;
    }

    private static ProtoMetrics.ScopeMetrics NewScopeMetrics(InstrumentationScope scope) => new()
    {
        Scope = new ProtoCommon.InstrumentationScope
        {
            Name = scope.Name ?? string.Empty,
            Version = scope.Version ?? string.Empty,
        },
    };

    private static ProtoMetrics.Metric EncodeMetric(MetricBatch batch, in MetricDescriptor descriptor)
    {
        var metric = new ProtoMetrics.Metric
        {
            Name = descriptor.Name ?? string.Empty,
            Description = descriptor.Description ?? string.Empty,
            Unit = descriptor.Unit ?? string.Empty,
        };
        switch (descriptor.Type)
        {
            case MetricType.Gauge:
                var gauge = new ProtoMetrics.Gauge();
                AddPoints(gauge.DataPoints, batch, descriptor);
                metric.Gauge = gauge;
                break;
            case MetricType.Sum:
                var sum = new ProtoMetrics.Sum
                {
                    // The model's enum values are OTLP's, so the cast is the mapping.
                    AggregationTemporality = (ProtoMetrics.AggregationTemporality)(int)descriptor.Temporality,
                    IsMonotonic = descriptor.IsMonotonic,
                };
                AddPoints(sum.DataPoints, batch, descriptor);
                metric.Sum = sum;
                break;
            case MetricType.Histogram:
                var histogram = new ProtoMetrics.Histogram
                {
                    AggregationTemporality = (ProtoMetrics.AggregationTemporality)(int)descriptor.Temporality,
                };
                AddHistogramPoints(histogram.DataPoints, batch, descriptor);
                metric.Histogram = histogram;
                break;
            case MetricType.ExponentialHistogram:
                var exponential = new ProtoMetrics.ExponentialHistogram
                {
                    AggregationTemporality = (ProtoMetrics.AggregationTemporality)(int)descriptor.Temporality,
                };
                AddExponentialHistogramPoints(exponential.DataPoints, batch, descriptor);
                metric.ExponentialHistogram = exponential;
                break;
            case MetricType.Summary:
                var summary = new ProtoMetrics.Summary();
                AddSummaryPoints(summary.DataPoints, batch, descriptor);
                metric.Summary = summary;
                break;
            default:
                throw new ArgumentException(
                    $"Metric '{descriptor.Name}' is a {descriptor.Type}, which a MetricBatch cannot carry.",
                    "batches");
        }
        return metric;
    }

    private static void AddHistogramPoints(RepeatedField<ProtoMetrics.HistogramDataPoint> target, MetricBatch batch, in MetricDescriptor descriptor)
    {
        foreach (ref readonly var point in batch.HistogramPointsOf(descriptor))
        {
            var dataPoint = new ProtoMetrics.HistogramDataPoint
            {
                StartTimeUnixNano = ToUnsigned(point.StartTimeUnixNano),
                TimeUnixNano = ToUnsigned(point.TimeUnixNano),
                Count = point.Count,
                Flags = (uint)point.Flags,
            };
            if (point.HasSum)
            {
                dataPoint.Sum = point.Sum;
            }
            foreach (var bound in batch.BoundsOf(point))
            {
                dataPoint.ExplicitBounds.Add(bound);
            }
            foreach (var count in batch.BucketCountsOf(point))
            {
                dataPoint.BucketCounts.Add(count);
            }
            AddAttributes(dataPoint.Attributes, batch.AttributesOf(point));
            AddExemplars(dataPoint.Exemplars, batch, batch.ExemplarsOf(point));
            target.Add(dataPoint);
        }
    }

    private static void AddExponentialHistogramPoints(
        RepeatedField<ProtoMetrics.ExponentialHistogramDataPoint> target, MetricBatch batch, in MetricDescriptor descriptor)
    {
        foreach (ref readonly var point in batch.ExponentialHistogramPointsOf(descriptor))
        {
            var dataPoint = new ProtoMetrics.ExponentialHistogramDataPoint
            {
                StartTimeUnixNano = ToUnsigned(point.StartTimeUnixNano),
                TimeUnixNano = ToUnsigned(point.TimeUnixNano),
                Count = point.Count,
                Scale = point.Scale,
                ZeroCount = point.ZeroCount,
                ZeroThreshold = point.ZeroThreshold,
                Flags = (uint)point.Flags,
                Positive = Buckets(point.PositiveOffset, batch.PositiveBucketCountsOf(point)),
                Negative = Buckets(point.NegativeOffset, batch.NegativeBucketCountsOf(point)),
            };
            if (point.HasSum)
            {
                dataPoint.Sum = point.Sum;
            }
            if (point.HasMin)
            {
                dataPoint.Min = point.Min;
            }
            if (point.HasMax)
            {
                dataPoint.Max = point.Max;
            }
            AddAttributes(dataPoint.Attributes, batch.AttributesOf(point));
            AddExemplars(dataPoint.Exemplars, batch, batch.ExemplarsOf(point));
            target.Add(dataPoint);
        }
    }

    private static ProtoMetrics.ExponentialHistogramDataPoint.Types.Buckets Buckets(int offset, ReadOnlySpan<ulong> counts)
    {
        var buckets = new ProtoMetrics.ExponentialHistogramDataPoint.Types.Buckets { Offset = offset };
        foreach (var count in counts)
        {
            buckets.BucketCounts.Add(count);
        }
        return buckets;
    }

    private static void AddSummaryPoints(RepeatedField<ProtoMetrics.SummaryDataPoint> target, MetricBatch batch, in MetricDescriptor descriptor)
    {
        foreach (ref readonly var point in batch.SummaryPointsOf(descriptor))
        {
            var dataPoint = new ProtoMetrics.SummaryDataPoint
            {
                StartTimeUnixNano = ToUnsigned(point.StartTimeUnixNano),
                TimeUnixNano = ToUnsigned(point.TimeUnixNano),
                Count = point.Count,
                Sum = point.Sum,
                Flags = (uint)point.Flags,
            };
            foreach (var quantile in batch.QuantilesOf(point))
            {
                dataPoint.QuantileValues.Add(new ProtoMetrics.SummaryDataPoint.Types.ValueAtQuantile { Quantile = quantile.Quantile, Value = quantile.Value });
            }
            AddAttributes(dataPoint.Attributes, batch.AttributesOf(point));
            target.Add(dataPoint);
        }
    }

    private static void AddExemplars(RepeatedField<ProtoMetrics.Exemplar> target, MetricBatch batch, ReadOnlySpan<Exemplar> exemplars)
    {
        Span<byte> traceId = stackalloc byte[16];
        Span<byte> spanId = stackalloc byte[8];
        foreach (ref readonly var exemplar in exemplars)
        {
            var encoded = new ProtoMetrics.Exemplar
            {
                TimeUnixNano = ToUnsigned(exemplar.TimeUnixNano),
                AsDouble = exemplar.Value,
            };
            if (exemplar.TraceId != UInt128.Zero)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(traceId, exemplar.TraceId);
                encoded.TraceId = Google.Protobuf.ByteString.CopyFrom(traceId);
            }
            if (exemplar.SpanId != 0)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(spanId, exemplar.SpanId);
                encoded.SpanId = Google.Protobuf.ByteString.CopyFrom(spanId);
            }
            AddAttributes(encoded.FilteredAttributes, batch.AttributesOf(exemplar));
            target.Add(encoded);
        }
    }

    private static void AddPoints(RepeatedField<ProtoMetrics.NumberDataPoint> target, MetricBatch batch, in MetricDescriptor descriptor)
    {
        foreach (ref readonly var point in batch.PointsOf(descriptor))
        {
            var dataPoint = new ProtoMetrics.NumberDataPoint
            {
                StartTimeUnixNano = ToUnsigned(point.StartTimeUnixNano),
                TimeUnixNano = ToUnsigned(point.TimeUnixNano),
                AsDouble = point.Value,
                Flags = (uint)point.Flags,
            };
            AddAttributes(dataPoint.Attributes, batch.AttributesOf(point));
            AddExemplars(dataPoint.Exemplars, batch, batch.ExemplarsOf(point));
            target.Add(dataPoint);
        }
    }

    private static void AddAttributes(RepeatedField<ProtoCommon.KeyValue> target, ReadOnlySpan<ModelAttribute> attributes)
    {
        foreach (ref readonly var attribute in attributes)
        {
            target.Add(new ProtoCommon.KeyValue
            {
                Key = attribute.Key ?? string.Empty,
                Value = new ProtoCommon.AnyValue { StringValue = attribute.Value ?? string.Empty },
            });
        }
    }

    // OTLP times are unsigned; a negative time is not a real one, and 0 means "unknown".
    private static ulong ToUnsigned(long unixNano) => unixNano > 0 ? (ulong)unixNano : 0UL;
}
