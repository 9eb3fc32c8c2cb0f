using System.Text.Json;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>
/// Reads ServiceMonitor, PodMonitor and ScrapeConfig objects from the JSON the API server serves.
/// Only the fields the translation uses are read; a malformed or unsupported field throws
/// <see cref="CustomResourceException"/> naming it.
/// </summary>
public static class CustomResourceParser
{
    // Service discoveries of the ScrapeConfig CRD that OrleansScrape has no discoverer for.
    private static readonly string[] UnsupportedDiscoveries =
    [
        "consulSDConfigs", "dnsSDConfigs", "ec2SDConfigs", "azureSDConfigs", "gceSDConfigs", "openstackSDConfigs",
        "digitalOceanSDConfigs", "kumaSDConfigs", "eurekaSDConfigs", "dockerSDConfigs", "linodeSDConfigs",
        "hetznerSDConfigs", "nomadSDConfigs", "dockerSwarmSDConfigs", "puppetDBSDConfigs", "lightSailSDConfigs",
        "ovhcloudSDConfigs", "scalewaySDConfigs", "ionosSDConfigs",
    ];

    public static ResourceMetadata ParseMetadata(JsonElement resource) => CommonFieldParsers.Metadata(resource);

    /// <summary>An object's <c>metadata.labels</c> (a Namespace's, for namespace selectors); null when unreadable.</summary>
    public static IReadOnlyDictionary<string, string>? TryReadLabels(JsonElement resource)
    {
        try
        {
            return CommonFieldParsers.Metadata(resource).Labels;
        }
        catch (CustomResourceException)
        {
            return null;
        }
    }

    public static ServiceMonitor ParseServiceMonitor(JsonElement resource)
    {
        var metadata = CommonFieldParsers.Metadata(resource);
        var spec = Spec(resource);
        return new ServiceMonitor
        {
            Metadata = metadata,
            Selector = CommonFieldParsers.Selector(spec.Object("selector")) ?? LabelSelector.Everything,
            NamespaceSelector = CommonFieldParsers.NamespaceSelector(spec),
            JobLabel = spec.String("jobLabel") is { Length: > 0 } jobLabel ? jobLabel : null,
            TargetLabels = spec.Strings("targetLabels"),
            PodTargetLabels = spec.Strings("podTargetLabels"),
            ServiceDiscoveryRole = ServiceRole(spec),
            AttachNodeMetadata = spec.Object("attachMetadata")?.Bool("node") ?? false,
            Limits = CommonFieldParsers.Limits(spec),
            Endpoints = spec.Objects("endpoints").Select(e => Endpoint(e, podMonitor: false)).ToList(),
        };
    }

    public static PodMonitor ParsePodMonitor(JsonElement resource)
    {
        var metadata = CommonFieldParsers.Metadata(resource);
        var spec = Spec(resource);
        return new PodMonitor
        {
            Metadata = metadata,
            Selector = CommonFieldParsers.Selector(spec.Object("selector")) ?? LabelSelector.Everything,
            NamespaceSelector = CommonFieldParsers.NamespaceSelector(spec),
            JobLabel = spec.String("jobLabel") is { Length: > 0 } jobLabel ? jobLabel : null,
            PodTargetLabels = spec.Strings("podTargetLabels"),
            AttachNodeMetadata = spec.Object("attachMetadata")?.Bool("node") ?? false,
            Limits = CommonFieldParsers.Limits(spec),
            Endpoints = spec.Objects("podMetricsEndpoints").Select(e => Endpoint(e, podMonitor: true)).ToList(),
        };
    }

    public static ScrapeConfigResource ParseScrapeConfig(JsonElement resource)
    {
        var metadata = CommonFieldParsers.Metadata(resource);
        var spec = Spec(resource);
        foreach (var name in UnsupportedDiscoveries)
        {
            if (spec.Find(name) is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0)
            {
                throw new CustomResourceException($"{spec.Qualified(name)} is not supported (OrleansScrape discovers with staticConfigs, fileSDConfigs, httpSDConfigs and kubernetesSDConfigs)");
            }
        }
        return new ScrapeConfigResource
        {
            Metadata = metadata,
            JobName = spec.String("jobName") is { Length: > 0 } jobName ? jobName : null,
            ScrapeInterval = spec.Duration("scrapeInterval"),
            ScrapeTimeout = spec.Duration("scrapeTimeout"),
            MetricsPath = spec.String("metricsPath"),
            Scheme = spec.String("scheme") is { Length: > 0 } scheme ? scheme.ToLowerInvariant() : null,
            HonorLabels = spec.Bool("honorLabels"),
            HonorTimestamps = spec.Bool("honorTimestamps"),
            Params = spec.StringListMap("params"),
            Limits = CommonFieldParsers.Limits(spec),
            Http = CommonFieldParsers.Http(spec),
            Relabelings = CommonFieldParsers.Relabelings(spec, "relabelings"),
            MetricRelabelings = CommonFieldParsers.Relabelings(spec, "metricRelabelings"),
            StaticConfigs = spec.Objects("staticConfigs")
                .Select(s => new StaticConfig { Targets = s.Strings("targets"), Labels = s.StringMap("labels") }).ToList(),
            FileSdConfigs = spec.Objects("fileSDConfigs").Select(FileSd).ToList(),
            HttpSdConfigs = spec.Objects("httpSDConfigs").Select(HttpSd).ToList(),
            KubernetesSdConfigs = spec.Objects("kubernetesSDConfigs").Select(KubernetesSd).ToList(),
        };
    }

    private static JsonFields Spec(JsonElement resource)
    {
        var spec = JsonFields.Of(resource, "").Object("spec") ?? throw new CustomResourceException("spec is missing");
        CommonFieldParsers.RefuseUnsupportedSpecFields(spec);
        return spec;
    }

    private static MonitorEndpoint Endpoint(JsonFields endpoint, bool podMonitor)
    {
        var targetPort = endpoint.IntOrString("targetPort");
        return new MonitorEndpoint
        {
            Port = endpoint.String("port") is { Length: > 0 } port ? port : null,
            PortNumber = podMonitor ? endpoint.Int32("portNumber") : null,
            TargetPort = targetPort is { Text: { Length: > 0 } text } && text != "0" ? text : null,
            TargetPortIsNumber = targetPort?.IsNumber ?? false,
            Path = endpoint.String("path") is { Length: > 0 } path ? path : null,
            Scheme = endpoint.String("scheme") is { Length: > 0 } scheme ? scheme.ToLowerInvariant() : null,
            Params = endpoint.StringListMap("params"),
            Interval = endpoint.Duration("interval"),
            ScrapeTimeout = endpoint.Duration("scrapeTimeout"),
            HonorLabels = endpoint.Bool("honorLabels") ?? false,
            HonorTimestamps = endpoint.Bool("honorTimestamps"),
            FilterRunning = endpoint.Bool("filterRunning") ?? true,
            Relabelings = CommonFieldParsers.Relabelings(endpoint, "relabelings"),
            MetricRelabelings = CommonFieldParsers.Relabelings(endpoint, "metricRelabelings"),
            Http = CommonFieldParsers.Http(endpoint),
        };
    }

    private static KubernetesSdRole? ServiceRole(JsonFields spec)
    {
        var text = spec.String("serviceDiscoveryRole");
        return text switch
        {
            null or "" => null,
            _ when text.Equals("EndpointSlice", StringComparison.OrdinalIgnoreCase) => KubernetesSdRole.EndpointSlice,
            _ when text.Equals("Endpoints", StringComparison.OrdinalIgnoreCase) => KubernetesSdRole.Endpoints,
            _ => throw new CustomResourceException($"{spec.Qualified("serviceDiscoveryRole")}: \"{text}\" must be Endpoints or EndpointSlice"),
        };
    }

    private static FileSdConfig FileSd(JsonFields config) => new()
    {
        Files = config.Strings("files"),
        RefreshInterval = config.Duration("refreshInterval") ?? FileSdConfig.DefaultRefreshInterval,
    };

    private static HttpSdConfig HttpSd(JsonFields config)
    {
        var url = config.String("url");
        if (string.IsNullOrEmpty(url))
        {
            throw new CustomResourceException($"{config.Qualified("url")} is missing");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CustomResourceException($"{config.Qualified("url")}: \"{url}\" is not an http or https URL");
        }
        RefuseClientSettings(config);
        return new HttpSdConfig { Url = url, RefreshInterval = config.Duration("refreshInterval") ?? HttpSdConfig.DefaultRefreshInterval };
    }

    private static KubernetesSdConfig KubernetesSd(JsonFields config)
    {
        RefuseClientSettings(config);
        var namespaces = config.Object("namespaces");
        var selectors = config.Objects("selectors").Select(selector => new KubernetesSdSelector
        {
            Role = Role(selector, "role"),
            Label = selector.String("label") is { Length: > 0 } label ? label : null,
            Field = selector.String("field") is { Length: > 0 } field ? field : null,
        }).ToList();
        var role = Role(config, "role");
        var attachMetadata = config.Object("attachMetadata");
        return new KubernetesSdConfig
        {
            Role = role,
            ApiServer = config.String("apiServer") is { Length: > 0 } apiServer ? apiServer : null,
            Namespaces = namespaces?.Strings("names") ?? [],
            OwnNamespace = namespaces?.Bool("ownNamespace") ?? false,
            Selectors = selectors,
            AttachNodeMetadata = attachMetadata?.Bool("node") ?? false,
        };
    }

    // The CRD spells roles with capitals (Pod, EndpointSlice); the operator lower-cases them for Prometheus.
    private static KubernetesSdRole Role(JsonFields owner, string field)
    {
        var text = owner.String(field);
        return text?.ToLowerInvariant() switch
        {
            "pod" => KubernetesSdRole.Pod,
            "service" => KubernetesSdRole.Service,
            "endpoints" => KubernetesSdRole.Endpoints,
            "endpointslice" => KubernetesSdRole.EndpointSlice,
            "node" => KubernetesSdRole.Node,
            "ingress" => KubernetesSdRole.Ingress,
            null => throw new CustomResourceException($"{owner.Qualified(field)} is missing"),
            _ => throw new CustomResourceException($"{owner.Qualified(field)}: \"{text}\" is not a Kubernetes role (Pod, Service, Endpoints, EndpointSlice, Node, Ingress)"),
        };
    }

    // Per-discovery HTTP client settings have no place in the discovery model yet: refuse them instead of ignoring them.
    private static void RefuseClientSettings(JsonFields config)
    {
        foreach (var name in new[] { "basicAuth", "authorization", "oauth2", "tlsConfig", "proxyUrl" })
        {
            if (config.Has(name))
            {
                throw new CustomResourceException($"{config.Qualified(name)} is not supported for this service discovery");
            }
        }
    }
}
