using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Tests.Http;

/// <summary>Sends requests through the handler <see cref="ScrapeHttpHandlerFactory"/> builds for a config.</summary>
internal static class HandlerClient
{
    public static HttpClient Create(HttpClientConfig config) =>
        new(ScrapeHttpHandlerFactory.Create(config)) { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<string> GetStringAsync(HttpClientConfig config, Uri url)
    {
        using var client = Create(config);
        return await client.GetStringAsync(url);
    }
}
