namespace OrleansScrape.Abstractions.Messages;

/// <summary>
/// A scrape config of a discovery shard as the Target Allocator's <c>/scrape_configs</c> shows it: JSON
/// with Prometheus's field names, secrets redacted, service discovery included (which the scrape config's
/// surrogate does not carry).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RenderedScrapeConfig
{
    [Id(0)] public required string JobName { get; init; }

    /// <summary>The config as one JSON object.</summary>
    [Id(1)] public required string Json { get; init; }
}
