using System.Net;
using Microsoft.AspNetCore.Http;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Tests.Http;

public sealed class TransportHandlerTests
{
    private static Task<TestServer> StartRedirecting() => TestServer.StartAsync(context =>
    {
        if (context.Request.Path == "/metrics")
        {
            context.Response.Redirect("/moved");
            return Task.CompletedTask;
        }
        return context.Response.WriteAsync("arrived at " + context.Request.Path);
    });

    [Fact]
    public async Task FollowRedirects_FollowsTheRedirect()
    {
        await using var server = await StartRedirecting();
        using var client = HandlerClient.Create(new HttpClientConfig());

        using var response = await client.GetAsync(new Uri(server.BaseAddress, "metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("arrived at /moved", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FollowRedirectsFalse_ReturnsTheRedirect()
    {
        await using var server = await StartRedirecting();
        using var client = HandlerClient.Create(new HttpClientConfig { FollowRedirects = false });

        using var response = await client.GetAsync(new Uri(server.BaseAddress, "metrics"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/moved", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PlainHttp_StaysOnHttp11WithHttp2Enabled()
    {
        await using var server = await TestServer.StartAsync(context => context.Request.Protocol);

        var protocol = await HandlerClient.GetStringAsync(new HttpClientConfig(), server.BaseAddress);

        Assert.Equal("HTTP/1.1", protocol);
    }

    [Fact]
    public async Task ProxyUrl_SendsRequestsThroughTheProxy()
    {
        await using var proxy = await TestServer.StartAsync(context => $"proxied {context.Request.Host}{context.Request.Path}");
        var config = new HttpClientConfig { ProxyUrl = proxy.BaseAddress };

        var body = await HandlerClient.GetStringAsync(config, new Uri("http://scrape-target.invalid:9100/metrics"));

        Assert.Equal("proxied scrape-target.invalid:9100/metrics", body);
    }
}
