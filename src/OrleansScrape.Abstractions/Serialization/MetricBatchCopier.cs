using Orleans.Serialization.Cloning;
using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Abstractions.Serialization;

/// <summary>A batch is never mutated after it is built, so copies share it.</summary>
[RegisterCopier]
public sealed class MetricBatchCopier : IDeepCopier<MetricBatch>
{
    public MetricBatch? DeepCopy(MetricBatch? input, CopyContext context) => input;
}
