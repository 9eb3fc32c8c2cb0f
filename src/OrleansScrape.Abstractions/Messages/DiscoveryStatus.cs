namespace OrleansScrape.Abstractions.Messages;

[GenerateSerializer, Immutable]
public sealed record DiscoveryStatus
{
    /// <summary>True once the first target set has been computed and handed to target grains.</summary>
    [Id(0)] public bool Loaded { get; init; }
    [Id(1)] public int Targets { get; init; }
    [Id(2)] public IReadOnlyList<string> TargetKeys { get; init; } = [];
    [Id(3)] public DateTimeOffset? LastSync { get; init; }
    [Id(4)] public string? LastError { get; init; }
    /// <summary>Discovered targets that relabeling dropped.</summary>
    [Id(5)] public int DroppedTargets { get; init; }
}
