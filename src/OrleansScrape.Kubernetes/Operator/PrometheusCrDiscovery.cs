using System.Threading.Channels;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Kubernetes.Operator.Secrets;
using OrleansScrape.Kubernetes.Operator.Selection;
using OrleansScrape.Kubernetes.Operator.Translation;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Operator;

/// <summary>
/// The Target Allocator's custom-resource discovery: watches ServiceMonitors, PodMonitors and
/// ScrapeConfigs (and Namespaces when a namespace selector needs their labels), selects them with
/// the <c>prometheus_cr</c> settings, and translates the selected ones into scrape configs whose
/// kubernetes_sd_configs the Kubernetes discoverer then resolves. Any watch event rebuilds the
/// set (reading the referenced Secrets afresh); the Secrets are also read again every
/// <see cref="PrometheusCrDiscoveryOptions.SecretRefreshInterval"/> and a changed value rebuilds it.
/// A resource that cannot be used is left out and reported in <see cref="Errors"/> with its
/// kind, namespace/name and reason; it never affects the others.
/// </summary>
public sealed class PrometheusCrDiscovery : IDisposable
{
    public const string ServiceMonitorsPath = "/apis/monitoring.coreos.com/v1/servicemonitors";
    public const string PodMonitorsPath = "/apis/monitoring.coreos.com/v1/podmonitors";
    public const string ScrapeConfigsPath = "/apis/monitoring.coreos.com/v1alpha1/scrapeconfigs";
    public const string NamespacesPath = "/api/v1/namespaces";

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NoNamespaces =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    private readonly PrometheusCrSettings _settings;
    private readonly ISecretReader _secrets;
    private readonly PrometheusCrDiscoveryOptions _options;
    private readonly List<ResourceWatcher<ParsedResource<ServiceMonitor>>> _serviceMonitors = [];
    private readonly List<ResourceWatcher<ParsedResource<PodMonitor>>> _podMonitors = [];
    private readonly List<ResourceWatcher<ParsedResource<ScrapeConfigResource>>> _scrapeConfigs = [];
    private readonly ResourceWatcher<IReadOnlyDictionary<string, string>>? _namespaces;
    // Every watch with the collection it reads, to start, stop and report them alike.
    private readonly List<IWatch> _watches = [];
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private volatile Result _result = new([], []);
    // Why the last rebuild failed as a whole (never for one resource); null after a successful one.
    private volatile string? _rebuildFailure;
    private IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>?> _secretsRead =
        new Dictionary<string, IReadOnlyDictionary<string, string>?>(StringComparer.Ordinal);
    private int _started;

    /// <param name="client">The API server the resources, Namespaces and Secrets are read from (not disposed here).</param>
    /// <param name="settings">The <c>prometheus_cr</c> settings.</param>
    /// <param name="secrets">Where referenced Secrets/ConfigMaps are read; the API server when null.</param>
    /// <param name="options">Refresh interval, clock and watcher options; defaults when null.</param>
    public PrometheusCrDiscovery(KubernetesApiClient client, PrometheusCrSettings settings, ISecretReader? secrets = null, PrometheusCrDiscoveryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _secrets = secrets ?? new KubernetesSecretReader(client);
        _options = options ?? new PrometheusCrDiscoveryOptions();

        // With an allow list only those namespaces are listed (what namespaced RBAC permits); otherwise all of them.
        IReadOnlyList<string?> namespaces = settings.AllowNamespaces.Count > 0 ? [.. settings.AllowNamespaces] : [null];
        foreach (var ns in namespaces)
        {
            // A null resource selector selects nothing, so that kind is not watched at all.
            if (settings.ServiceMonitorSelector is { } serviceMonitors)
            {
                _serviceMonitors.Add(Watch(client, ServiceMonitorsPath, ns, serviceMonitors,
                    json => ParsedResource<ServiceMonitor>.From(json, CustomResourceParser.ParseServiceMonitor, m => m.Metadata)));
            }
            if (settings.PodMonitorSelector is { } podMonitors)
            {
                _podMonitors.Add(Watch(client, PodMonitorsPath, ns, podMonitors,
                    json => ParsedResource<PodMonitor>.From(json, CustomResourceParser.ParsePodMonitor, m => m.Metadata)));
            }
            if (settings.ScrapeConfigSelector is { } scrapeConfigs)
            {
                _scrapeConfigs.Add(Watch(client, ScrapeConfigsPath, ns, scrapeConfigs,
                    json => ParsedResource<ScrapeConfigResource>.From(json, CustomResourceParser.ParseScrapeConfig, m => m.Metadata)));
            }
        }
        if (settings.NeedsNamespaceLabels)
        {
            _namespaces = new ResourceWatcher<IReadOnlyDictionary<string, string>>(client, NamespacesPath, null, null, null,
                json => CustomResourceParser.TryReadLabels(json), _options.WatcherOptions);
            _watches.Add(new WatchOf<IReadOnlyDictionary<string, string>>(NamespacesPath, _namespaces));
        }
    }

    /// <summary>The scrape configs of the selected, valid resources: ServiceMonitors, then PodMonitors, then ScrapeConfigs, each by namespace/name.</summary>
    public IReadOnlyList<ScrapeConfig> Current => _result.Configs;

    /// <summary>Why resources were left out ("ServiceMonitor ns/name: reason") and watch failures, as of the last rebuild.</summary>
    public IReadOnlyList<string> Errors => _rebuildFailure is { } failure ? [.. _result.Errors, failure] : _result.Errors;

    /// <summary>True once every watch has listed its resources successfully.</summary>
    public bool Synced => _watches.All(w => w.Synced);

    /// <summary>Raised after <see cref="Current"/> or <see cref="Errors"/> were rebuilt, on a background thread.</summary>
    public event Action? Changed;

    /// <summary>Starts the watches and completes after their first lists and the first translation.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }
        foreach (var watch in _watches)
        {
            watch.Changed += Signal;
        }
        await Task.WhenAll(_watches.Select(w => w.StartAsync(cancellationToken))).ConfigureAwait(false);
        _signals.Reader.TryRead(out _);
        await RebuildAsync(publish: true, cancellationToken).ConfigureAwait(false);
        _ = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var watch in _watches)
        {
            watch.Changed -= Signal;
            watch.Dispose();
        }
        // _stop is not disposed: the background loop may still be reading its token.
    }

    private ResourceWatcher<ParsedResource<T>> Watch<T>(KubernetesApiClient client, string path, string? ns, LabelSelector selector, Func<System.Text.Json.JsonElement, ParsedResource<T>> parse)
        where T : class
    {
        var watcher = new ResourceWatcher<ParsedResource<T>>(client, path, ns, selector.IsEmpty ? null : selector.ToQuery(), null, parse, _options.WatcherOptions);
        _watches.Add(new WatchOf<ParsedResource<T>>(path, watcher));
        return watcher;
    }

    private void Signal() => _signals.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            bool signalled;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                var signal = _signals.Reader.WaitToReadAsync(wait.Token).AsTask();
                var refresh = Task.Delay(_options.SecretRefreshInterval, _options.TimeProvider, wait.Token);
                await Task.WhenAny(signal, refresh).ConfigureAwait(false);
                wait.Cancel();
                signalled = _signals.Reader.TryRead(out _);
            }
            if (stop.IsCancellationRequested)
            {
                return;
            }
            try
            {
                // A refresh without any watch event publishes only when a Secret read differently.
                await RebuildAsync(publish: signalled, stop).ConfigureAwait(false);
                if (signalled && _options.MinRebuildInterval > TimeSpan.Zero)
                {
                    await Task.Delay(_options.MinRebuildInterval, _options.TimeProvider, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _rebuildFailure = $"rebuilding the custom resource scrape configs failed: {e.Message}";
            }
        }
    }

    private async Task RebuildAsync(bool publish, CancellationToken cancellationToken)
    {
        var resolver = new SecretResolver(_secrets);
        var context = new CrTranslationContext(_settings, resolver);
        var configs = new List<ScrapeConfig>();
        var errors = new List<string>();
        foreach (var watch in _watches)
        {
            if (watch.LastError is { } error)
            {
                errors.Add($"watching {watch.Path}: {error}");
            }
        }
        var namespaceLabels = _namespaces?.Current ?? NoNamespaces;

        await AddAsync(_serviceMonitors, "ServiceMonitor", _settings.ServiceMonitorSelector, _settings.ServiceMonitorNamespaceSelector,
            (m, ct) => ServiceMonitorTranslator.TranslateAsync(m, context, ct)).ConfigureAwait(false);
        await AddAsync(_podMonitors, "PodMonitor", _settings.PodMonitorSelector, _settings.PodMonitorNamespaceSelector,
            (m, ct) => PodMonitorTranslator.TranslateAsync(m, context, ct)).ConfigureAwait(false);
        await AddAsync(_scrapeConfigs, "ScrapeConfig", _settings.ScrapeConfigSelector, _settings.ScrapeConfigNamespaceSelector,
            async (m, ct) => (IReadOnlyList<ScrapeConfig>)[await ScrapeConfigResourceTranslator.TranslateAsync(m, context, ct).ConfigureAwait(false)]).ConfigureAwait(false);

        if (_options.KubernetesSdApiServer is not null || _options.KubernetesSdKubeconfigFile is not null)
        {
            configs = configs.Select(WithConnection).ToList();
        }
        var secretsChanged = !SameReads(_secretsRead, resolver.Read);
        _secretsRead = resolver.Read;
        _rebuildFailure = null;
        // Watch failures and recoveries show up on the periodic rebuild too, without a watch event.
        if (publish || secretsChanged || !errors.SequenceEqual(_result.Errors, StringComparer.Ordinal))
        {
            _result = new Result(configs, errors);
            Changed?.Invoke();
        }

        async Task AddAsync<T>(
            List<ResourceWatcher<ParsedResource<T>>> watchers,
            string kind,
            LabelSelector? selector,
            LabelSelector namespaceSelector,
            Func<T, CancellationToken, Task<IReadOnlyList<ScrapeConfig>>> translate)
            where T : class
        {
            var resources = watchers.SelectMany(w => w.Current).OrderBy(r => r.Key, StringComparer.Ordinal);
            foreach (var (key, parsed) in resources)
            {
                if (parsed.Metadata is { } metadata && !ResourceSelection.Selects(_settings, selector, namespaceSelector, metadata, namespaceLabels))
                {
                    continue;
                }
                if (parsed.Resource is not { } resource)
                {
                    errors.Add($"{kind} {key}: {parsed.Error}");
                    continue;
                }
                try
                {
                    configs.AddRange(await translate(resource, cancellationToken).ConfigureAwait(false));
                }
                catch (CustomResourceException e)
                {
                    errors.Add($"{kind} {key}: {e.Message}");
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    errors.Add($"{kind} {key}: reading the Secrets or ConfigMaps it refers to failed: {e.Message}");
                }
            }
        }
    }

    private ScrapeConfig WithConnection(ScrapeConfig job) => job with
    {
        ServiceDiscoveryConfigs = job.ServiceDiscoveryConfigs
            .Select(entry => entry.Config is KubernetesSdConfig { ApiServer: null, KubeconfigFile: null } sd
                ? KubernetesSdKind.Instance.Entry(sd with { ApiServer = _options.KubernetesSdApiServer, KubeconfigFile = _options.KubernetesSdApiServer is null ? _options.KubernetesSdKubeconfigFile : null })
                : entry)
            .ToList(),
    };

    private static bool SameReads(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>?> before,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>?> after) =>
        before.Count == after.Count && before.All(entry =>
            after.TryGetValue(entry.Key, out var data)
            && (entry.Value is null
                ? data is null
                : data is not null && data.Count == entry.Value.Count && entry.Value.All(kv => data.TryGetValue(kv.Key, out var v) && v == kv.Value)));

    private sealed record Result(IReadOnlyList<ScrapeConfig> Configs, IReadOnlyList<string> Errors);

    // Lets the watches of different projections be started, stopped and reported alike.
    private interface IWatch
    {
        string Path { get; }
        bool Synced { get; }
        string? LastError { get; }
        event Action? Changed;
        Task StartAsync(CancellationToken cancellationToken);
        void Dispose();
    }

    private sealed class WatchOf<T>(string path, ResourceWatcher<T> watcher) : IWatch
    {
        public string Path => path;

        public bool Synced => watcher.Synced;

        public string? LastError => watcher.LastError;

        public event Action? Changed
        {
            add => watcher.Changed += value;
            remove => watcher.Changed -= value;
        }

        public Task StartAsync(CancellationToken cancellationToken) => watcher.StartAsync(cancellationToken);

        public void Dispose() => watcher.Dispose();
    }
}
