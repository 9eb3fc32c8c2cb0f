using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Extensions.HealthCheck;

/// <summary>
/// Reads <c>extensions.health_check</c> (and <c>health_check/name</c>): <c>endpoint</c>, <c>path</c>,
/// <c>response_body {healthy, unhealthy}</c>; <c>check_collector_pipeline</c> is accepted with a warning
/// (the Collector keeps it only for compatibility and ignores it); <c>tls</c> and <c>use_v2: true</c> are refused by name.
/// </summary>
public sealed class HealthCheckExtensionFactory : ComponentFactory<HealthCheckOptions>
{
    public const string TypeName = "health_check";

    public override ComponentKind Kind => ComponentKind.Extension;

    public override string Type => TypeName;

    public override HealthCheckOptions CreateDefault() => new();

    protected override HealthCheckOptions Read(YamlMappingReader section, HealthCheckOptions defaults)
    {
        if (section.Has("tls"))
        {
            throw section.ErrorAt("tls", $"{section.Qualified("tls")} is not supported: the health check is served over plain HTTP (probes from the kubelet need no TLS)");
        }
        if (section.GetBool("use_v2") == true)
        {
            throw section.ErrorAt("use_v2", $"{section.Qualified("use_v2")} is not supported: this health_check serves the legacy endpoint and path (the Collector's v2 status service is not available)");
        }
        foreach (var key in new[] { "http", "grpc", "component_health" })
        {
            if (section.Has(key))
            {
                section.WarnAt(key, $"{section.Qualified(key)} has no effect in OrleansScrape: it belongs to the Collector's use_v2 mode, which is not available here");
            }
        }
        HealthCheckResponseBody? body = defaults.ResponseBody;
        if (section.GetMapping("response_body") is { } responseBody)
        {
            body = new HealthCheckResponseBody
            {
                Healthy = responseBody.GetString("healthy") ?? "",
                Unhealthy = responseBody.GetString("unhealthy") ?? "",
            };
            responseBody.RejectUnknownKeys();
        }
        if (section.GetMapping("check_collector_pipeline") is { } pipeline)
        {
            pipeline.GetBool("enabled");
            pipeline.GetString("interval");
            pipeline.GetInt("exporter_failure_threshold");
            pipeline.RejectUnknownKeys();
            section.WarnAt("check_collector_pipeline", $"{section.Qualified("check_collector_pipeline")} is deprecated and has no effect: the Collector keeps it only for compatibility and ignores it; the status follows whether the pipelines run");
        }
        return defaults with
        {
            Endpoint = section.GetString("endpoint") ?? defaults.Endpoint,
            Path = section.GetString("path") ?? defaults.Path,
            ResponseBody = body,
        };
    }
}
