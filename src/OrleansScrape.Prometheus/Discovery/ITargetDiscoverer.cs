namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// A service discovery mechanism of one job (file, HTTP, Kubernetes ...): it keeps the latest target
/// groups it found and says when they change. A failing source keeps its last good groups and
/// reports the error, so a lost connection never empties a target set.
/// </summary>
public interface ITargetDiscoverer : IDisposable
{
    /// <summary>The target groups found so far; read at any time from any thread.</summary>
    IReadOnlyList<TargetGroup> Current { get; }

    /// <summary>The most recent problem reading the source, or null while it is healthy.</summary>
    string? LastError { get; }

    /// <summary>Raised after <see cref="Current"/> changed.</summary>
    event Action? Changed;

    /// <summary>Starts watching; completes once the first read is done (successful or not).</summary>
    Task StartAsync(CancellationToken cancellationToken);
}
