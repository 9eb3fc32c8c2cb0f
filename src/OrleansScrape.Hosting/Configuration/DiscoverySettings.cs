using OrleansScrape.Grains.Allocation;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>The <c>discovery</c> section: the Target Allocator's allocation and custom-resource keys.</summary>
public sealed record DiscoverySettings
{
    /// <summary><c>allocation_strategy</c>; consistent-hashing unless configured.</summary>
    public AllocationStrategy AllocationStrategy { get; init; } = AllocationStrategy.ConsistentHashing;
}
