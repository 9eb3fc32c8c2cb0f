namespace OrleansScrape.Grains.Allocation;

/// <summary>The discovery grain's allocation settings (config <c>discovery.allocation_strategy</c>).</summary>
public sealed record AllocationSettings
{
    public AllocationStrategy Strategy { get; init; } = AllocationStrategy.ConsistentHashing;
}
