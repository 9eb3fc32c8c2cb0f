using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// The service discovery of one job: its static groups plus a discoverer per <c>file_sd_configs</c>
/// and <c>http_sd_configs</c> entry, and the builder that relabels discovered labels into targets.
/// Owned by the discovery grain's activation.
/// </summary>
internal sealed class JobDiscovery : IDisposable
{
    private readonly IReadOnlyList<TargetGroup> _static;
    private readonly List<ITargetDiscoverer> _discoverers = new();
    private readonly TargetBuilder _builder;

    public JobDiscovery(ScrapeConfig job, ScrapeHttpClients httpClients, Action changed)
    {
        Job = job;
        _static = StaticDiscovery.Groups(job);
        _builder = new TargetBuilder(job);
        foreach (var config in job.FileSdConfigs)
        {
            _discoverers.Add(new FileSdDiscoverer(config));
        }
        foreach (var config in job.HttpSdConfigs)
        {
            // http_sd has HTTP settings of its own; the client pool is keyed by them.
            var settings = config.HttpClientSettings as Prometheus.Http.HttpClientConfig ?? new Prometheus.Http.HttpClientConfig();
            var client = httpClients.For(job with { HttpClient = settings });
            _discoverers.Add(new HttpSdDiscoverer(config, client));
        }
        foreach (var discoverer in _discoverers)
        {
            discoverer.Changed += changed;
        }
    }

    public ScrapeConfig Job { get; }

    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_discoverers.Select(d => d.StartAsync(cancellationToken)));

    public TargetSet Targets()
    {
        var groups = _static.Concat(_discoverers.SelectMany(d => d.Current));
        var set = _builder.Build(groups);
        var discoveryErrors = _discoverers.Select(d => d.LastError).OfType<string>().ToList();
        return discoveryErrors.Count == 0 ? set : set with { Errors = [.. set.Errors, .. discoveryErrors] };
    }

    public void Dispose()
    {
        foreach (var discoverer in _discoverers)
        {
            discoverer.Dispose();
        }
    }
}
