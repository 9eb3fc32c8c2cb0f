namespace OrleansScrape.Kubernetes.Api;

/// <summary>Tuning of a <see cref="ResourceWatcher{T}"/>; the defaults suit production, tests shorten the backoff.</summary>
public sealed record ResourceWatcherOptions
{
    /// <summary>Objects per LIST page (<c>limit</c>); pages keep the memory of a relist bounded.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>First wait after a failed request; doubles per consecutive failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one LIST page request.</summary>
    public TimeSpan ListTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A watch asks the server to end after a random time in [min, 2*min) (<c>timeoutSeconds</c>), as client-go does.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Clock for backoff waits.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
