using System.Text.Json;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.Kubernetes.Tests;

public sealed class ResourceWatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly ResourceWatcherOptions Fast = new() { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100) };
    private FakeKubernetesApiServer _server = null!;
    private KubernetesApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _client = new KubernetesApiClient(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private ResourceWatcher<string> Watch(string? ns = null, string? label = null, string? field = null, ResourceWatcherOptions? options = null) =>
        new(_client, Pods, ns, label, field, e => e.GetProperty("status").GetProperty("podIP").GetString(), options ?? Fast);

    [Fact]
    public async Task List_is_paged_with_limit_and_continue()
    {
        for (var i = 0; i < 7; i++)
        {
            _server.Add(Pods, Pod("ns", $"p{i}", $"10.0.0.{i}"));
        }
        using var watcher = Watch(options: Fast with { PageSize = 3 });
        await watcher.StartAsync(CancellationToken.None);

        Assert.True(watcher.Synced);
        Assert.Equal(7, watcher.Current.Count);
        Assert.Equal("10.0.0.4", watcher.Current["ns/p4"]);
        var lists = _server.Requests.Where(r => r.Contains("limit=3")).ToList();
        Assert.Equal(3, lists.Count);
        Assert.Equal(2, lists.Count(r => r.Contains("continue=")));
    }

    [Fact]
    public async Task Watch_starts_from_the_list_resource_version_with_bookmarks()
    {
        _server.Add(Pods, Pod("ns", "a"));
        var listVersion = _server.ResourceVersion;
        using var watcher = Watch();
        await watcher.StartAsync(CancellationToken.None);

        await Eventually.WaitAsync(() => _server.OpenWatchCount == 1, Timeout, "the watch opens");
        var watch = Assert.Single(_server.Requests, r => r.Contains("watch=true"));
        Assert.Contains($"resourceVersion={listVersion}", watch);
        Assert.Contains("allowWatchBookmarks=true", watch);
    }

    [Fact]
    public async Task Watch_events_add_modify_and_delete_objects()
    {
        using var watcher = Watch();
        await watcher.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => _server.OpenWatchCount == 1, Timeout, "the watch opens");

        _server.Add(Pods, Pod("ns", "a", "10.0.0.1"));
        await Eventually.WaitAsync(() => watcher.Current.TryGetValue("ns/a", out var ip) && ip == "10.0.0.1", Timeout, "ADDED arrives");
        _server.Update(Pods, Pod("ns", "a", "10.0.0.2"));
        await Eventually.WaitAsync(() => watcher.Current.TryGetValue("ns/a", out var ip) && ip == "10.0.0.2", Timeout, "MODIFIED arrives");
        _server.Delete(Pods, "ns", "a");
        await Eventually.WaitAsync(() => watcher.Current.Count == 0, Timeout, "DELETED arrives");
        Assert.Equal(_server.ResourceVersion.ToString(), watcher.ResourceVersion);
    }

    [Fact]
    public async Task Bookmark_advances_the_resource_version()
    {
        using var watcher = Watch();
        await watcher.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => _server.OpenWatchCount == 1, Timeout, "the watch opens");
        // A change elsewhere moves the server's version without an event for this watch.
        _server.Add(Services, Service("ns", "s", ports: 80));
        Assert.NotEqual(_server.ResourceVersion.ToString(), watcher.ResourceVersion);

        _server.EmitBookmark();

        await Eventually.WaitAsync(() => watcher.ResourceVersion == _server.ResourceVersion.ToString(), Timeout, "the bookmark's version is taken");
        Assert.Empty(watcher.Current);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Gone_relists_and_the_set_converges(bool goneAsHttpStatus)
    {
        _server.GoneAsHttpStatus = goneAsHttpStatus;
        _server.Add(Pods, Pod("ns", "a"));
        _server.Add(Pods, Pod("ns", "b"));
        using var watcher = Watch();
        await watcher.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => _server.OpenWatchCount == 1, Timeout, "the watch opens");

        // While the watcher is cut off, b goes, c comes and the history it would resume from is compacted away.
        _server.FailRequests(int.MaxValue, 503);
        _server.DropWatches();
        _server.Delete(Pods, "ns", "b");
        _server.Add(Pods, Pod("ns", "c"));
        _server.Compact();
        _server.FailRequests(0, 503);

        await Eventually.WaitAsync(() => watcher.Current.Keys.Order().SequenceEqual(["ns/a", "ns/c"]), Timeout, "the relist converges");
        Assert.Equal(2, watcher.ListCount);
    }

    [Fact]
    public async Task Dropped_connection_resumes_from_the_last_resource_version_and_keeps_objects()
    {
        _server.Add(Pods, Pod("ns", "a"));
        using var watcher = Watch();
        await watcher.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => _server.OpenWatchCount == 1, Timeout, "the watch opens");
        var version = watcher.ResourceVersion;

        _server.FailRequests(int.MaxValue, 503);
        _server.DropWatches();
        await Eventually.WaitAsync(() => watcher.LastError is not null, Timeout, "the failed reconnect is reported");
        Assert.Equal(["ns/a"], watcher.Current.Keys);

        _server.FailRequests(0, 503);
        _server.Add(Pods, Pod("ns", "b"));
        await Eventually.WaitAsync(() => watcher.Current.Count == 2, Timeout, "the resumed watch delivers");
        Assert.Equal(1, watcher.ListCount);
        Assert.Contains(_server.Requests, r => r.Contains("watch=true") && r.Contains($"resourceVersion={version}&"));
    }

    [Fact]
    public async Task Api_errors_are_reported_and_retried_with_backoff()
    {
        _server.Add(Pods, Pod("ns", "a"));
        _server.FailRequests(3, 500);
        using var watcher = Watch();
        await watcher.StartAsync(CancellationToken.None);

        Assert.False(watcher.Synced);
        Assert.Contains("500", watcher.LastError);
        await Eventually.WaitAsync(() => watcher.Synced, Timeout, "a later list succeeds");
        Assert.Null(watcher.LastError);
        Assert.Equal(["ns/a"], watcher.Current.Keys);
        Assert.Equal(4, _server.Requests.Count(r => r.Contains("limit=")));
    }

    [Fact]
    public async Task Label_and_field_selectors_are_passed_to_the_server()
    {
        _server.Add(Pods, Pod("ns", "a", labels: new Dictionary<string, string> { ["app"] = "x" }));
        _server.Add(Pods, Pod("ns", "b", labels: new Dictionary<string, string> { ["app"] = "x" }));
        _server.Add(Pods, Pod("ns", "c", labels: new Dictionary<string, string> { ["app"] = "y" }));
        using var watcher = Watch(label: "app in (x)", field: "metadata.name!=b");
        await watcher.StartAsync(CancellationToken.None);

        Assert.Equal(["ns/a"], watcher.Current.Keys);
        Assert.Contains(_server.Requests, r => r.Contains("labelSelector=app%20in%20%28x%29") && r.Contains("fieldSelector=metadata.name%21%3Db"));
    }

    [Fact]
    public async Task A_namespace_scopes_the_collection_path()
    {
        _server.Add(Pods, Pod("one", "a"));
        _server.Add(Pods, Pod("two", "b"));
        using var watcher = Watch(ns: "two");
        await watcher.StartAsync(CancellationToken.None);

        Assert.Equal(["two/b"], watcher.Current.Keys);
        Assert.StartsWith("GET /api/v1/namespaces/two/pods?", _server.Requests[0]);
    }

    [Fact]
    public async Task A_null_projection_leaves_the_object_out()
    {
        _server.Add(Pods, Pod("ns", "a", ip: null));
        _server.Add(Pods, Pod("ns", "b"));
        using var watcher = new ResourceWatcher<string>(_client, Pods, null, null, null, e => e.GetProperty("status").TryGetProperty("podIP", out var ip) && ip.ValueKind == JsonValueKind.String ? ip.GetString() : null, Fast);
        await watcher.StartAsync(CancellationToken.None);

        Assert.Equal(["ns/b"], watcher.Current.Keys);
    }

    [Fact]
    public async Task Get_returns_one_object_or_null_when_missing()
    {
        _server.Add("/api/v1/secrets", new System.Text.Json.Nodes.JsonObject { ["metadata"] = Metadata("ns", "s"), ["data"] = new System.Text.Json.Nodes.JsonObject { ["k"] = "dg==" } });

        var found = await _client.GetAsync("/api/v1/namespaces/ns/secrets/s", CancellationToken.None);
        var missing = await _client.GetAsync("/api/v1/namespaces/ns/secrets/t", CancellationToken.None);

        Assert.Equal("dg==", found!.Value.GetProperty("data").GetProperty("k").GetString());
        Assert.Null(missing);
    }

    [Fact]
    public async Task An_object_the_projection_cannot_read_is_left_out_and_reported()
    {
        _server.Add(Pods, Pod("ns", "a"));
        _server.Add(Pods, Pod("ns", "bad"));
        using var watcher = new ResourceWatcher<string>(_client, Pods, null, null, null, e => e.GetProperty("metadata").GetProperty("name").GetString() == "bad" ? throw new FormatException("odd object") : "ok", Fast);
        await watcher.StartAsync(CancellationToken.None);

        Assert.True(watcher.Synced);
        Assert.Equal(["ns/a"], watcher.Current.Keys);
        Assert.Contains("ns/bad: odd object", watcher.LastError);
    }
}
