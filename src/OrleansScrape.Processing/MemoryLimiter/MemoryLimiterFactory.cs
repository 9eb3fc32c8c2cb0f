using OrleansScrape.Configuration;

namespace OrleansScrape.Processing.MemoryLimiter;

/// <summary><c>memory_limiter</c>: one limiter per silo and configuration, asked by every series grain.</summary>
public sealed class MemoryLimiterFactory : ProcessorFactory<MemoryLimiterOptions>
{
    public override string Type => "memory_limiter";

    public override MemoryLimiterOptions CreateDefault() => new();

    protected override MemoryLimiterOptions Read(YamlMappingReader section, MemoryLimiterOptions defaults) => defaults with
    {
        CheckInterval = GoDuration.Read(section, "check_interval") ?? defaults.CheckInterval,
        LimitMiB = section.GetInt("limit_mib") ?? defaults.LimitMiB,
        SpikeLimitMiB = section.GetInt("spike_limit_mib") ?? defaults.SpikeLimitMiB,
        LimitPercentage = section.GetInt("limit_percentage") ?? defaults.LimitPercentage,
        SpikeLimitPercentage = section.GetInt("spike_limit_percentage") ?? defaults.SpikeLimitPercentage,
    };

    protected override IMetricsProcessor Create(MemoryLimiterOptions options, ProcessorServices services) =>
        new MemoryLimiterProcessor(services.MemoryLimiterFor(options));
}
