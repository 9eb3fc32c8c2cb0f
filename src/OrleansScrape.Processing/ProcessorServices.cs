using System.Collections.Concurrent;
using OrleansScrape.Processing.KubernetesAttributes;

namespace OrleansScrape.Processing;

/// <summary>
/// What processors of one silo share: the pod index k8s_attributes looks pods up in, and one
/// memory limiter per configured memory_limiter (the limit is the process's, not a grain's).
/// </summary>
public sealed class ProcessorServices
{
    private readonly ConcurrentDictionary<MemoryLimiter.MemoryLimiterOptions, MemoryLimiter.MemoryLimiter> _limiters = new();

    public ProcessorServices(IPodMetadataSource? pods = null)
    {
        Pods = pods ?? new PodMetadataIndex();
    }

    public IPodMetadataSource Pods { get; }

    /// <summary>The silo's limiter for these settings, created on first use.</summary>
    public MemoryLimiter.MemoryLimiter MemoryLimiterFor(MemoryLimiter.MemoryLimiterOptions options) =>
        _limiters.GetOrAdd(options, static o => new MemoryLimiter.MemoryLimiter(o));
}
