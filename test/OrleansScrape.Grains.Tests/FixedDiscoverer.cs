using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Grains.Tests;

/// <summary>A discoverer whose groups never change.</summary>
public sealed class FixedDiscoverer(IReadOnlyList<TargetGroup> groups) : ITargetDiscoverer
{
    public IReadOnlyList<TargetGroup> Current => groups;

    public string? LastError => null;

    // Never raised: the groups never change.
    public event Action? Changed
    {
        add { }
        remove { }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
