using System.IO.Hashing;
using Orleans.Serialization;
using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Kubernetes.Operator;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// The jobs a discovery grain serves: those of the configuration file, plus the jobs generated from
/// Prometheus Operator resources, which come and go while the silo runs; each restricted to what the
/// shard owns (<see cref="ShardScope"/>). Every shard reads all custom resources (they are few). Generated jobs are versioned
/// by the content a scraper needs and published so scrapers can fetch them (<see cref="IScrapeConfigGrain"/>).
/// Changes are only applied in <see cref="RefreshAsync"/>, on the grain's own thread.
/// </summary>
internal sealed class ShardJobs : IDisposable
{
    private readonly DiscoverySources _sources;
    private readonly Serializer _serializer;
    private readonly Action _changed;
    private readonly ShardScope _scope;
    private readonly List<JobDiscovery> _static = new();
    private Dictionary<string, (string Identity, JobDiscovery Discovery)> _generated = new(StringComparer.Ordinal);
    private string _generatedFilterKey = "";
    private PrometheusCrDiscovery? _resources;
    // Why the custom resources cannot be watched at all, when their connection could not be made.
    private string? _unreachable;

    /// <param name="shard">The discovery shard (grain key) whose part of every job this runs.</param>
    public ShardJobs(DiscoverySources sources, Serializer serializer, Action changed, string shard = DiscoveryShards.Default)
    {
        _sources = sources;
        _scope = sources.Shards.ScopeOf(shard);
        _serializer = serializer;
        _changed = changed;
        // One filter for all configured jobs (their relabel rules' union) keeps their watches shared.
        var filter = MetadataFilter.FromRelabelConfigs(sources.Config.ScrapeConfigs.SelectMany(j => j.RelabelConfigs));
        foreach (var job in sources.Config.ScrapeConfigs)
        {
            _static.Add(new JobDiscovery(job, sources, filter, version: "", changed, _scope));
        }
    }

    /// <summary>Every job, configured ones first.</summary>
    public IEnumerable<JobDiscovery> Jobs => _static.Concat(_generated.Values.Select(g => g.Discovery));

    /// <summary>The jobs generated from custom resources, as last adopted.</summary>
    public IReadOnlyList<ScrapeConfig> GeneratedConfigs => _generated.Values.Select(g => g.Discovery.Job).ToList();

    /// <summary>Problems of the custom resources (no API server to watch them on, an invalid resource, a missing Secret, a failing watch).</summary>
    public IReadOnlyList<string> ResourceErrors => _unreachable is { } reason ? [reason] : _resources?.Errors ?? [];

    /// <summary>Custom resources are configured but have never been listed: the generated jobs are unknown, not absent.</summary>
    public bool ResourcesUnavailable => _unreachable is not null || _resources is { Synced: false };

    /// <summary>Starts every source; completes once each has made its first read, so the first sync sees their targets.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var starts = _static.Select(j => j.StartAsync(cancellationToken)).ToList();
        if (_sources.CustomResources is { } create)
        {
            try
            {
                _resources = create();
                _resources.Changed += _changed;
                starts.Add(_resources.StartAsync(cancellationToken));
            }
            catch (InvalidOperationException e)
            {
                // No API server to watch them on (nothing configured, no kubeconfig, not in a pod): a status, not a failed activation.
                _unreachable = e.Message;
            }
        }
        await Task.WhenAll(starts);
        await RefreshAsync(cancellationToken);
    }

    /// <summary>Adopts the current generated jobs: new ones start (their first read is awaited), removed ones stop.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_resources is null)
        {
            return;
        }
        var configs = _resources.Current;
        // One filter for all generated jobs keeps their watches shared; when it changes, they restart with it.
        var filter = MetadataFilter.FromRelabelConfigs(configs.SelectMany(j => j.RelabelConfigs));
        var rebuildAll = filter.Key != _generatedFilterKey;
        var next = new Dictionary<string, (string, JobDiscovery)>(StringComparer.Ordinal);
        var started = new List<Task>();
        foreach (var config in configs)
        {
            var version = Version(_serializer, config);
            // The version covers what scrapers get; the rendering adds the service discovery part. Generated jobs
            // carry no credentials of their own in their discovery settings, so the redaction hides nothing here.
            var identity = version + "|" + ScrapeConfigJson.Render(config).ToJsonString();
            if (!rebuildAll && _generated.TryGetValue(config.JobName, out var existing) && existing.Identity == identity)
            {
                next[config.JobName] = existing;
                continue;
            }
            var discovery = new JobDiscovery(config, _sources, filter, version, _changed, _scope);
            next[config.JobName] = (identity, discovery);
            started.Add(discovery.StartAsync(cancellationToken));
        }
        var retired = _generated.Values.Where(old => !next.Values.Any(n => ReferenceEquals(n.Item2, old.Discovery))).ToList();
        _generated = next;
        _generatedFilterKey = filter.Key;
        await Task.WhenAll(started);
        // Stopped after the new ones started, so shared watches stay open across the swap.
        foreach (var (_, discovery) in retired)
        {
            discovery.Dispose();
        }
    }

    /// <summary>Makes every generated job's current version fetchable by scrapers; repeated each sync, so no storage is needed.</summary>
    public Task PublishAsync(IGrainFactory grains) => Publish(grains, _serializer, _generated.Values.Select(g => g.Discovery.Job));

    /// <summary>Publishes generated jobs under the version their content gives them (also used for jobs restored from a checkpoint).</summary>
    public static Task Publish(IGrainFactory grains, Serializer serializer, IEnumerable<ScrapeConfig> configs) =>
        Task.WhenAll(configs.Select(config =>
            grains.GetGrain<IScrapeConfigGrain>(IScrapeConfigGrain.Key(config.JobName, Version(serializer, config))).Publish(config)));

    public void Dispose()
    {
        if (_resources is not null)
        {
            _resources.Changed -= _changed;
            _resources.Dispose();
        }
        foreach (var job in Jobs)
        {
            job.Dispose();
        }
        _static.Clear();
        _generated.Clear();
    }

    // What a scraper receives of the config, hashed: equal content gives the same version on every silo and restart.
    private static string Version(Serializer serializer, ScrapeConfig config) =>
        Convert.ToHexStringLower(XxHash64.Hash(serializer.SerializeToArray(config)));
}
