using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// What a kind's <see cref="IServiceDiscoveryKind.CreateDiscoverer"/> may draw on: the job, the process's
/// HTTP client pool, and services that libraries this one cannot reference provide (the Kubernetes
/// library's <see cref="IDiscovererFactory{TConfig}"/> for <see cref="KubernetesSdKind"/>).
/// </summary>
public sealed class DiscovererContext
{
    private readonly IReadOnlyList<object> _services;

    public DiscovererContext(ScrapeConfig job, ScrapeHttpClients httpClients, IEnumerable<object>? services = null)
    {
        Job = job;
        HttpClients = httpClients;
        _services = services?.ToList() ?? [];
    }

    /// <summary>The job whose entry the discoverer serves.</summary>
    public ScrapeConfig Job { get; }

    /// <summary>Clients shared per HTTP settings, so discoverers with equal settings share connections.</summary>
    public ScrapeHttpClients HttpClients { get; }

    /// <summary>The first service of type <typeparamref name="T"/>, or null when none was provided.</summary>
    public T? Find<T>()
        where T : class => _services.OfType<T>().FirstOrDefault();
}
