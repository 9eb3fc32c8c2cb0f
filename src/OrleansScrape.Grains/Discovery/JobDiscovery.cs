using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// The service discovery of one job: its static groups plus a discoverer per <c>file_sd_configs</c>,
/// <c>http_sd_configs</c> and <c>kubernetes_sd_configs</c> entry, and the builder that relabels
/// discovered labels into targets. Owned by the discovery grain's activation.
/// </summary>
internal sealed class JobDiscovery : IDisposable
{
    private readonly IReadOnlyList<TargetGroup> _static;
    private readonly List<ITargetDiscoverer> _discoverers = new();
    private readonly TargetBuilder _builder;

    /// <param name="version">
    /// The version of a generated job's config (see <see cref="ScrapeTarget.ScrapeConfigVersion"/>); empty for
    /// jobs of the configuration file.
    /// </param>
    public JobDiscovery(ScrapeConfig job, DiscoverySources sources, MetadataFilter metadata, string version, Action changed)
    {
        Job = job;
        Version = version;
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
            var client = sources.HttpClients.For(job with { HttpClient = settings });
            _discoverers.Add(new HttpSdDiscoverer(config, client));
        }
        foreach (var config in job.KubernetesSdConfigs)
        {
            _discoverers.Add(new KubernetesSdDiscoverer(config, sources.Kubernetes, metadata));
        }
        foreach (var discoverer in _discoverers)
        {
            discoverer.Changed += changed;
        }
    }

    public ScrapeConfig Job { get; }

    public string Version { get; }

    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_discoverers.Select(d => d.StartAsync(cancellationToken)));

    public TargetSet Targets()
    {
        var groups = _static.Concat(_discoverers.SelectMany(d => d.Current));
        var set = _builder.Build(groups);
        if (Version.Length > 0)
        {
            set = set with { Targets = set.Targets.Select(t => t with { ScrapeConfigVersion = Version }).ToList() };
        }
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
