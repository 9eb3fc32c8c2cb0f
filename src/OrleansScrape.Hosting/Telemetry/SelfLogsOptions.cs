using Microsoft.Extensions.Logging;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary><c>service.telemetry.logs</c>: the minimum level of OrleansScrape's own log categories.</summary>
public sealed record SelfLogsOptions
{
    public LogLevel Level { get; init; } = LogLevel.Information;
}
