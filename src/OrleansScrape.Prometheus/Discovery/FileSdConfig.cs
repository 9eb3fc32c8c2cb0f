namespace OrleansScrape.Prometheus.Discovery;

/// <summary>One entry of <c>file_sd_configs</c>: the files (or last-element globs) that hold target groups.</summary>
public sealed record FileSdConfig
{
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>Absolute paths; the last path element may be a glob (<c>*</c>, <c>?</c>, <c>[...]</c>).</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>How often every file is re-read regardless of file-system events.</summary>
    public TimeSpan RefreshInterval { get; init; } = DefaultRefreshInterval;
}
