using System.Text.Json;
using OrleansScrape.Kubernetes.Api;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Shares API clients and watches: discoverers (or CRD-generated jobs) that ask for the same connection, collection,
/// namespace, selectors and projection get one <see cref="ResourceWatcher{T}"/>, released when the last lease is
/// disposed. One pool per process (or per discovery grain activation) is enough.
/// </summary>
public sealed class KubernetesWatchPool : IDisposable
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, KubernetesApiClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IDisposable Watcher, int Leases)> _watches = new(StringComparer.Ordinal);
    private bool _disposed;

    public KubernetesWatchPool(ResourceWatcherOptions? watcherOptions = null)
    {
        WatcherOptions = watcherOptions ?? new ResourceWatcherOptions();
    }

    public ResourceWatcherOptions WatcherOptions { get; }

    /// <summary>Repeated label keys and values of every watched object, shared across watches.</summary>
    public StringPool Strings { get; } = new();

    /// <summary>Watches open now (each possibly leased by many discoverers).</summary>
    public int WatchCount
    {
        get
        {
            lock (_sync)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>The shared client of a connection.</summary>
    public KubernetesApiClient Client(KubernetesConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_clients.TryGetValue(connection.Key, out var client))
            {
                _clients[connection.Key] = client = KubernetesApiClient.Create(connection);
            }
            return client;
        }
    }

    /// <summary>
    /// A lease on the watch of (connection, collection, namespace, selectors, projection); the watch is created on
    /// the first lease and stopped when the last is disposed. <paramref name="projectionKey"/> must identify what
    /// <paramref name="project"/> keeps (e.g. the metadata filter's key), since leases with equal keys share its results.
    /// </summary>
    public WatchLease<T> Acquire<T>(KubernetesConnection connection, string resourcePath, string? @namespace, string? labelSelector, string? fieldSelector, string projectionKey, Func<JsonElement, T?> project)
    {
        var client = Client(connection);
        var key = string.Join('\u001f', connection.Key, resourcePath, @namespace, labelSelector, fieldSelector, typeof(T).FullName, projectionKey);
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_watches.TryGetValue(key, out var shared))
            {
                _watches[key] = (shared.Watcher, shared.Leases + 1);
                return new WatchLease<T>((ResourceWatcher<T>)shared.Watcher, () => Release(key));
            }
            var watcher = new ResourceWatcher<T>(client, resourcePath, @namespace, labelSelector, fieldSelector, project, WatcherOptions);
            _watches[key] = (watcher, 1);
            return new WatchLease<T>(watcher, () => Release(key));
        }
    }

    public void Dispose()
    {
        List<IDisposable> owned;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            owned = [.. _watches.Values.Select(w => w.Watcher), .. _clients.Values];
            _watches.Clear();
            _clients.Clear();
        }
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }

    private void Release(string key)
    {
        IDisposable? stop = null;
        lock (_sync)
        {
            if (_watches.TryGetValue(key, out var shared))
            {
                if (shared.Leases <= 1)
                {
                    _watches.Remove(key);
                    stop = shared.Watcher;
                }
                else
                {
                    _watches[key] = (shared.Watcher, shared.Leases - 1);
                }
            }
        }
        stop?.Dispose();
    }
}

/// <summary>One user's share of a pooled watch; dispose it once, when no longer needed.</summary>
public sealed class WatchLease<T>(ResourceWatcher<T> watcher, Action release) : IDisposable
{
    private int _released;

    public ResourceWatcher<T> Watcher { get; } = watcher;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
