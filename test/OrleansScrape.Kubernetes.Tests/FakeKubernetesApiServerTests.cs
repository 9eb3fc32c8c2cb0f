using System.Net;
using System.Text.Json;
using OrleansScrape.Testing;
using static OrleansScrape.Kubernetes.Tests.KubernetesObjects;

namespace OrleansScrape.Kubernetes.Tests;

/// <summary>The fake API server evaluates selectors and answers as the real one does, so discovery tests can trust it.</summary>
public sealed class FakeKubernetesApiServerTests : IAsyncLifetime
{
    private FakeKubernetesApiServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _server.Add(Pods, Pod("a", "web", labels: new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }));
        _server.Add(Pods, Pod("a", "db", labels: new Dictionary<string, string> { ["app"] = "db" }));
        _server.Add(Pods, Pod("b", "cache", labels: new Dictionary<string, string> { ["app"] = "cache", ["tier"] = "back" }));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<string[]> NamesAsync(string pathAndQuery)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_server.BaseAddress, pathAndQuery)));
        return document.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!).Order().ToArray();
    }

    [Theory]
    [InlineData("labelSelector", "app=web", "web")]
    [InlineData("labelSelector", "app==web", "web")]
    [InlineData("labelSelector", "app!=web", "cache,db")]
    [InlineData("labelSelector", "app in (web, db)", "db,web")]
    [InlineData("labelSelector", "app notin (web,db)", "cache")]
    [InlineData("labelSelector", "tier", "cache,web")]
    [InlineData("labelSelector", "!tier", "db")]
    [InlineData("labelSelector", "tier,app!=cache", "web")]
    [InlineData("fieldSelector", "metadata.name=db", "db")]
    [InlineData("fieldSelector", "metadata.namespace!=a", "cache")]
    public async Task Label_and_name_or_namespace_field_selectors_are_evaluated(string parameter, string selector, string expected)
    {
        var names = await NamesAsync($"/api/v1/pods?{parameter}=" + Uri.EscapeDataString(selector));

        Assert.Equal(expected.Split(','), names);
    }

    [Fact]
    public async Task A_namespaced_path_lists_one_namespace()
    {
        Assert.Equal(["cache"], await NamesAsync("/api/v1/namespaces/b/pods"));
    }

    [Fact]
    public async Task A_continue_token_from_before_a_compaction_is_gone()
    {
        using var first = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_server.BaseAddress, "/api/v1/pods?limit=1")));
        var token = first.RootElement.GetProperty("metadata").GetProperty("continue").GetString()!;
        _server.Add(Pods, Pod("b", "late"));
        _server.Compact();

        using var response = await _http.GetAsync(new Uri(_server.BaseAddress, "/api/v1/pods?limit=1&continue=" + Uri.EscapeDataString(token)));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_object_is_not_found()
    {
        using var response = await _http.GetAsync(new Uri(_server.BaseAddress, "/api/v1/namespaces/a/pods/nope"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
