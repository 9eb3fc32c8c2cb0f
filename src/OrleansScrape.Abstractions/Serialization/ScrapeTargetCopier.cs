using Orleans.Serialization.Cloning;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Abstractions.Serialization;

/// <summary>A target is an immutable record, so copies share it.</summary>
[RegisterCopier]
public sealed class ScrapeTargetCopier : IDeepCopier<ScrapeTarget>
{
    public ScrapeTarget? DeepCopy(ScrapeTarget? input, CopyContext context) => input;
}
