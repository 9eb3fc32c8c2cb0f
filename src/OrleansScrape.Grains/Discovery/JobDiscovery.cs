using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// The service discovery of one job: its static groups plus a discoverer per <c>*_sd_configs</c> entry
/// this shard owns, each created by the entry's kind, and the builder that relabels discovered labels
/// into targets. Owned by the discovery grain's activation.
/// </summary>
internal sealed class JobDiscovery : IDisposable
{
    private readonly IReadOnlyList<TargetGroup> _static;
    private readonly List<(IServiceDiscoveryKind Kind, ITargetDiscoverer Discoverer)> _discoverers = new();
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
        var context = sources.ContextFor(job, metadata);
        foreach (var entry in job.ServiceDiscoveryConfigs)
        {
            if (_scope.Restrict(entry) is { } owned)
            {
                _discoverers.Add((owned.Kind, owned.CreateDiscoverer(context)));
            }
        }
        foreach (var (_, discoverer) in _discoverers)
        {
            discoverer.Changed += changed;
        }
    }

    public ScrapeConfig Job { get; }

    public string Version { get; }

    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_discoverers.Select(d => d.Discoverer.StartAsync(cancellationToken)));

    public TargetSet Targets()
    {
        // A default shard watching all namespaces drops the objects of other shards' namespaces here.
        var groups = _static.Concat(_discoverers.SelectMany(d => _scope.IsEverything ? d.Discoverer.Current : d.Discoverer.Current.Where(g => _scope.Keeps(d.Kind, g))));
        var set = _builder.Build(groups);
        if (Version.Length > 0)
        {
            set = set with { Targets = set.Targets.Select(t => t with { ScrapeConfigVersion = Version }).ToList() };
        }
        var discoveryErrors = _discoverers.Select(d => d.Discoverer.LastError).OfType<string>().ToList();
        return discoveryErrors.Count == 0 ? set : set with { Errors = [.. set.Errors, .. discoveryErrors] };
    }

    /// <summary>The job as <c>/scrape_configs</c> shows it (the whole job, not this shard's part), rendered once.</summary>
    public string Json => _json ??= ScrapeConfigJson.Render(Job).ToJsonString();

    public void Dispose()
    {
        foreach (var (_, discoverer) in _discoverers)
        {
            discoverer.Dispose();
        }
    }
}
