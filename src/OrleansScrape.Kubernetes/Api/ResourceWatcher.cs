using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansScrape.Kubernetes.Api;

/// <summary>
/// Keeps a local copy of one kind of Kubernetes object with the API's list+watch protocol: a paged LIST
/// (<c>limit</c>/<c>continue</c>), then a WATCH from the list's resourceVersion with bookmarks. The resourceVersion
/// advances with every event and BOOKMARK; a watch that ends or loses its connection resumes from it after a capped,
/// jittered exponential backoff, and a <c>410 Gone</c> (status or ERROR event) relists. The copy is replaced only
/// by a complete list, so errors never empty it. Each object is reduced by <c>project</c> to what the caller needs;
/// no raw JSON is retained.
/// </summary>
/// <typeparam name="T">The projection kept per object; a projection returning null leaves the object out.</typeparam>
public sealed class ResourceWatcher<T> : IDisposable
{
    private readonly KubernetesApiClient _client;
    private readonly string _collectionPath;
    private readonly string _selectorQuery;
    private readonly Func<JsonElement, T?> _project;
    private readonly ResourceWatcherOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstList = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sync = new();
    private Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, T>? _snapshot;
    // Written under _sync, read without it: each is one reference or bool.
    private volatile string? _resourceVersion;
    private volatile string? _lastError;
    private volatile bool _synced;
    private long _lists;
    private int _started;
    private bool _disposed;

    /// <param name="client">The API server connection.</param>
    /// <param name="resourcePath">The all-namespace collection, e.g. <c>/api/v1/pods</c> or <c>/apis/monitoring.coreos.com/v1/servicemonitors</c>.</param>
    /// <param name="namespace">Watch only this namespace; null for all namespaces (or a cluster-scoped kind).</param>
    /// <param name="labelSelector">Passed to the API server as <c>labelSelector</c>.</param>
    /// <param name="fieldSelector">Passed to the API server as <c>fieldSelector</c>.</param>
    /// <param name="project">Reduces one object (as the API serves it) to what is kept; null drops the object.</param>
    /// <param name="options">Paging, backoff and clock; defaults when null.</param>
    public ResourceWatcher(
        KubernetesApiClient client,
        string resourcePath,
        string? @namespace,
        string? labelSelector,
        string? fieldSelector,
        Func<JsonElement, T?> project,
        ResourceWatcherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(resourcePath);
        ArgumentNullException.ThrowIfNull(project);
        _client = client;
        _project = project;
        _options = options ?? new ResourceWatcherOptions();
        _collectionPath = CollectionPath(resourcePath, @namespace);
        var query = new StringBuilder();
        if (!string.IsNullOrEmpty(labelSelector))
        {
            query.Append("&labelSelector=").Append(Uri.EscapeDataString(labelSelector));
        }
        if (!string.IsNullOrEmpty(fieldSelector))
        {
            query.Append("&fieldSelector=").Append(Uri.EscapeDataString(fieldSelector));
        }
        _selectorQuery = query.ToString();
    }

    /// <summary>The objects now known, by <c>namespace/name</c> (or <c>name</c> when cluster-scoped); a stable snapshot.</summary>
    public IReadOnlyDictionary<string, T> Current
    {
        get
        {
            lock (_sync)
            {
                return _snapshot ??= new Dictionary<string, T>(_items, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>True once a list succeeded; stays true through later errors (the copy is kept).</summary>
    public bool Synced => _synced;

    /// <summary>The latest list or watch failure, or null since the last successful list or watch event.</summary>
    public string? LastError => _lastError;

    /// <summary>The resourceVersion the next watch resumes from; null when a (re)list is due.</summary>
    public string? ResourceVersion => _resourceVersion;

    /// <summary>How many complete lists were made (1 after start; more after 410 Gone).</summary>
    public long ListCount => Interlocked.Read(ref _lists);

    /// <summary>Raised after <see cref="Current"/> changed (or <see cref="Synced"/> became true), on the watch's thread.</summary>
    public event Action? Changed;

    /// <summary>Starts list+watch in the background; completes after the first list, successful or not.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }
        return _firstList.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            // The watch loop may take a moment to notice the cancellation; the copy is not needed any more.
            _items = new Dictionary<string, T>(StringComparer.Ordinal);
            _snapshot = null;
        }
        _stop.Cancel();
        _firstList.TrySetResult();
    }

    /// <summary><c>/api/v1/pods</c> + <c>ns</c> -> <c>/api/v1/namespaces/ns/pods</c>.</summary>
    internal static string CollectionPath(string resourcePath, string? @namespace)
    {
        var path = "/" + resourcePath.Trim('/');
        if (string.IsNullOrEmpty(@namespace))
        {
            return path;
        }
        var slash = path.LastIndexOf('/');
        return $"{path[..slash]}/namespaces/{Uri.EscapeDataString(@namespace)}{path[slash..]}";
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
        while (!cancellationToken.IsCancellationRequested)
        {
            var listing = ResourceVersion is null;
            try
            {
                if (listing)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    backoff.Reset();
                }
                if (await WatchAsync(backoff, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }
                // A watch the server ended without any event: wait before the next one so a closing server is not hammered.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (KubernetesApiException e) when (e.IsGone && !listing)
            {
                // The watch's resourceVersion was compacted away: relist at once; the copy stays until the list is complete.
                lock (_sync)
                {
                    _resourceVersion = null;
                }
                continue;
            }
            catch (Exception e)
            {
                lock (_sync)
                {
                    _lastError = Describe(e, listing);
                    if (e is KubernetesApiException { IsGone: true })
                    {
                        _resourceVersion = null;
                    }
                }
            }
            _firstList.TrySetResult();
            try
            {
                await Task.Delay(backoff.Next(), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private string Describe(Exception e, bool listing)
    {
        var what = listing ? "list" : "watch";
        return e switch
        {
            OperationCanceledException => $"{what} {_collectionPath}: timed out",
            _ => $"{what} {_collectionPath}: {e.Message}",
        };
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var items = new Dictionary<string, T>(StringComparer.Ordinal);
        string? continueToken = null;
        string? resourceVersion;
        string? projectionError = null;
        do
        {
            var query = $"{_collectionPath}?limit={_options.PageSize}{_selectorQuery}";
            if (continueToken is not null)
            {
                query += "&continue=" + Uri.EscapeDataString(continueToken);
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ListTimeout);
            using var response = await _client.SendAsync(query, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            await KubernetesApiClient.EnsureSuccessAsync(response, timeout.Token).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var page = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token).ConfigureAwait(false);
            var root = page.RootElement;
            if (root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (KeyOf(item) is { } key && Project(key, item, ref projectionError) is { } value)
                    {
                        items[key] = value;
                    }
                }
            }
            var metadata = root.TryGetProperty("metadata", out var m) ? m : default;
            resourceVersion = String(metadata, "resourceVersion");
            continueToken = String(metadata, "continue") is { Length: > 0 } next ? next : null;
        }
        while (continueToken is not null);

        lock (_sync)
        {
            _items = items;
            _snapshot = null;
            _resourceVersion = resourceVersion ?? "";
            _synced = true;
            _lastError = projectionError;
        }
        Interlocked.Increment(ref _lists);
        RaiseChanged();
        _firstList.TrySetResult();
    }

    // Watches until the server ends the stream; true when it delivered at least one event.
    private async Task<bool> WatchAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        var received = false;
        var timeoutSeconds = (int)(_options.MinWatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
        var query = $"{_collectionPath}?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(ResourceVersion ?? "")}&timeoutSeconds={timeoutSeconds}{_selectorQuery}";
        using var response = await _client.SendAsync(query, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await KubernetesApiClient.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            if (Apply(document.RootElement))
            {
                RaiseChanged();
            }
            backoff.Reset();
            received = true;
        }
        return received;
    }

    // Applies one watch event; true when the copy changed.
    private bool Apply(JsonElement watchEvent)
    {
        var type = String(watchEvent, "type");
        var obj = watchEvent.TryGetProperty("object", out var o) ? o : default;
        if (type == "ERROR")
        {
            var code = obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 500;
            throw new KubernetesApiException((HttpStatusCode)code, $"{code}: {String(obj, "message") ?? "watch error"}");
        }
        var resourceVersion = obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty("metadata", out var metadata) ? String(metadata, "resourceVersion") : null;
        if (type == "BOOKMARK")
        {
            lock (_sync)
            {
                _resourceVersion = resourceVersion ?? _resourceVersion;
                _lastError = null;
            }
            return false;
        }
        var key = KeyOf(obj);
        if (key is null || type is not ("ADDED" or "MODIFIED" or "DELETED"))
        {
            return false;
        }
        string? projectionError = null;
        var value = type == "DELETED" ? default : Project(key, obj, ref projectionError);
        lock (_sync)
        {
            _resourceVersion = resourceVersion ?? _resourceVersion;
            _lastError = projectionError;
            var changed = value is null ? _items.Remove(key) : true;
            if (value is not null)
            {
                _items[key] = value;
            }
            if (changed)
            {
                _snapshot = null;
            }
            return changed;
        }
    }

    // An object the projection cannot read is left out (and reported) rather than failing the whole list or watch.
    private T? Project(string key, JsonElement obj, ref string? error)
    {
        try
        {
            return _project(obj);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = $"cannot read {_collectionPath} object {key}: {e.Message}";
            return default;
        }
    }

    private void RaiseChanged()
    {
        try
        {
            Changed?.Invoke();
        }
        catch (Exception)
        {
            // A failing subscriber must not stop the watch; it reads Current again on the next change.
        }
    }

    private static string? KeyOf(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty("metadata", out var metadata))
        {
            return null;
        }
        var name = String(metadata, "name");
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        var ns = String(metadata, "namespace");
        return string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";
    }

    private static string? String(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
