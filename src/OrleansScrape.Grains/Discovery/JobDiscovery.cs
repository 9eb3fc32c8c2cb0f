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
    private readonly ShardScope _scope;
    private string? _json;
    private readonly TargetBuilder _builder;

    /// <param name="version">
    /// The version of a generated job's config (see <see cref="ScrapeTarget.ScrapeConfigVersion"/>); empty for
    /// jobs of the configuration file.
    /// </param>
    public JobDiscovery(ScrapeConfig job, DiscoverySources sources, MetadataFilter metadata, string version, Action changed, ShardScope? scope = null)
    {
        Job = job;
        Version = version;
        _scope = scope ?? ShardScope.Everything;
        _builder = new TargetBuilder(job);
        // Discovery that is not per namespace belongs to the default shard alone.
        _static = _scope.OwnsNonNamespaced ? StaticDiscovery.Groups(job) : [];
        if (_scope.OwnsNonNamespaced)
        {
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
        }
        foreach (var config in job.KubernetesSdConfigs)
        {
            if (_scope.Restrict(config) is { } restricted)
            {
                _discoverers.Add(new KubernetesSdDiscoverer(restricted, sources.Kubernetes, metadata));
            }
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
        // A default shard watching all namespaces drops the objects of other shards' namespaces here.
        var groups = _static.Concat(_discoverers.SelectMany(d => d is KubernetesSdDiscoverer && !_scope.IsEverything ? d.Current.Where(_scope.Keeps) : d.Current));
        var set = _builder.Build(groups);
        if (Version.Length > 0)
        {
            set = set with { Targets = set.Targets.Select(t => t with { ScrapeConfigVersion = Version }).ToList() };
        }
        var discoveryErrors = _discoverers.Select(d => d.LastError).OfType<string>().ToList();
        return discoveryErrors.Count == 0 ? set : set with { Errors = [.. set.Errors, .. discoveryErrors] };
    }

    /// <summary>The job as <c>/scrape_configs</c> shows it (the whole job, not this shard's part), rendered once.</summary>
    public string Json => _json ??= ScrapeConfigJson.Render(Job).ToJsonString();

    public void Dispose()
    {
        foreach (var discoverer in _discoverers)
        {
            discoverer.Dispose();
        }
    }
}
