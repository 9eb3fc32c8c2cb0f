using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansScrape.Testing;

namespace OrleansScrape.Kubernetes.Tests;

/// <summary>The fake API server writes custom resources as the real one does: create, replace and delete with resourceVersion preconditions.</summary>
public sealed class FakeKubernetesApiServerWriteTests : IAsyncLifetime
{
    private const string Collection = "/apis/example.io/v1/namespaces/ns/widgets";
    private FakeKubernetesApiServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await FakeKubernetesApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static JsonObject Widget(string name, string size, string? resourceVersion = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        return new JsonObject { ["apiVersion"] = "example.io/v1", ["kind"] = "Widget", ["metadata"] = metadata, ["spec"] = new JsonObject { ["size"] = size } };
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server.BaseAddress, path));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static string ResourceVersion(JsonElement obj) => obj.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;

    [Fact]
    public async Task A_create_stores_the_object_in_the_paths_namespace_with_the_next_resourceVersion()
    {
        var before = _server.ResourceVersion;

        var (status, created) = await SendAsync(HttpMethod.Post, Collection, Widget("w", "s"));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal((before + 1).ToString(), ResourceVersion(created));
        Assert.Equal("ns", created.GetProperty("metadata").GetProperty("namespace").GetString());
        var (getStatus, read) = await SendAsync(HttpMethod.Get, $"{Collection}/w");
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal("s", read.GetProperty("spec").GetProperty("size").GetString());
        var (_, list) = await SendAsync(HttpMethod.Get, Collection);
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_create_of_a_name_that_exists_is_409_AlreadyExists()
    {
        await SendAsync(HttpMethod.Post, Collection, Widget("w", "s"));

        var (status, body) = await SendAsync(HttpMethod.Post, Collection, Widget("w", "l"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("AlreadyExists", body.GetProperty("reason").GetString());
        var (_, read) = await SendAsync(HttpMethod.Get, $"{Collection}/w");
        Assert.Equal("s", read.GetProperty("spec").GetProperty("size").GetString());
    }

    [Fact]
    public async Task A_replace_at_the_stored_resourceVersion_succeeds_and_takes_the_next_one()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, Collection, Widget("w", "s"));

        var (status, replaced) = await SendAsync(HttpMethod.Put, $"{Collection}/w", Widget("w", "l", ResourceVersion(created)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((long.Parse(ResourceVersion(created)) + 1).ToString(), ResourceVersion(replaced));
        Assert.Equal(created.GetProperty("metadata").GetProperty("uid").GetString(), replaced.GetProperty("metadata").GetProperty("uid").GetString());
        Assert.Equal("l", replaced.GetProperty("spec").GetProperty("size").GetString());
    }

    [Fact]
    public async Task A_replace_at_a_stale_resourceVersion_is_409_Conflict()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, Collection, Widget("w", "s"));
        await SendAsync(HttpMethod.Put, $"{Collection}/w", Widget("w", "m", ResourceVersion(created)));

        var (status, body) = await SendAsync(HttpMethod.Put, $"{Collection}/w", Widget("w", "l", ResourceVersion(created)));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Conflict", body.GetProperty("reason").GetString());
        var (_, read) = await SendAsync(HttpMethod.Get, $"{Collection}/w");
        Assert.Equal("m", read.GetProperty("spec").GetProperty("size").GetString());
    }

    [Fact]
    public async Task A_replace_of_a_missing_object_is_404()
    {
        var (status, _) = await SendAsync(HttpMethod.Put, $"{Collection}/w", Widget("w", "s"));

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task A_delete_removes_the_object_unless_its_resourceVersion_precondition_is_stale()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, Collection, Widget("w", "s"));
        var stale = new JsonObject { ["preconditions"] = new JsonObject { ["resourceVersion"] = "1" } };

        var (refused, _) = await SendAsync(HttpMethod.Delete, $"{Collection}/w", stale);
        var current = new JsonObject { ["preconditions"] = new JsonObject { ["resourceVersion"] = ResourceVersion(created) } };
        var (deleted, _) = await SendAsync(HttpMethod.Delete, $"{Collection}/w", current);
        var (again, _) = await SendAsync(HttpMethod.Delete, $"{Collection}/w");

        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal(HttpStatusCode.NotFound, again);
        var (status, _) = await SendAsync(HttpMethod.Get, $"{Collection}/w");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Writes_over_HTTP_reach_open_watches()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, Collection, Widget("w", "s"));
        using var response = await _http.GetAsync(new Uri(_server.BaseAddress, $"{Collection}?watch=true&resourceVersion={ResourceVersion(created)}"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await Eventually.WaitAsync(() => _server.OpenWatchCount == 1, TimeSpan.FromSeconds(10), "the watch is open");

        await SendAsync(HttpMethod.Put, $"{Collection}/w", Widget("w", "l"));
        await SendAsync(HttpMethod.Delete, $"{Collection}/w");

        Assert.Equal("MODIFIED", JsonDocument.Parse((await reader.ReadLineAsync())!).RootElement.GetProperty("type").GetString());
        Assert.Equal("DELETED", JsonDocument.Parse((await reader.ReadLineAsync())!).RootElement.GetProperty("type").GetString());
    }
}
