using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Scraping;

/// <summary>
/// One HTTP client per job's HTTP settings (auth, TLS, redirects), shared by the job's targets so
/// connections are pooled per job as in Prometheus. Thread-safe.
/// </summary>
public sealed class ScrapeHttpClients : IDisposable
{
    private readonly Dictionary<HttpClientConfig, HttpClient> _clients = new();
    private readonly Lock _lock = new();

    public HttpClient For(ScrapeConfig job)
    {
        lock (_lock)
        {
            if (!_clients.TryGetValue(job.HttpClient, out var client))
            {
                // Timeouts are per scrape (the scrape timeout), not per client.
                client = new HttpClient(ScrapeHttpHandlerFactory.Create(job.HttpClient)) { Timeout = Timeout.InfiniteTimeSpan };
                _clients.Add(job.HttpClient, client);
            }
            return client;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }
            _clients.Clear();
        }
    }
}
