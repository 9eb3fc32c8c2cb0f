using OrleansScrape.Configuration;
using System.Text.Json.Nodes;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Http;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// A scrape config rendered as the Target Allocator's <c>/scrape_configs</c> renders it: the
/// Prometheus YAML field names as JSON, secrets as <c>&lt;secret&gt;</c>. Rendered by the discovery
/// grain, which alone holds the jobs generated from custom resources with their service discovery.
/// </summary>
public static class ScrapeConfigJson
{
    public static JsonObject Render(ScrapeConfig job)
    {
        var json = new JsonObject
        {
            ["job_name"] = job.JobName,
            ["honor_labels"] = job.HonorLabels,
            ["honor_timestamps"] = job.HonorTimestamps,
            ["scrape_interval"] = PrometheusDuration.Format(job.ScrapeInterval),
            ["scrape_timeout"] = PrometheusDuration.Format(job.ScrapeTimeout),
            ["scrape_protocols"] = new JsonArray(job.ScrapeProtocols.Select(p => (JsonNode?)p).ToArray()),
            ["metrics_path"] = job.MetricsPath,
            ["scheme"] = job.Scheme,
            ["follow_redirects"] = job.HttpClient.FollowRedirects,
            ["enable_http2"] = job.HttpClient.EnableHttp2,
        };
        if (job.Params.Count > 0)
        {
            json["params"] = new JsonObject(job.Params.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray(p.Value.Select(v => (JsonNode?)v).ToArray()))));
        }
        AddIfPositive(json, "sample_limit", job.SampleLimit);
        AddIfPositive(json, "label_limit", job.LabelLimit);
        AddIfPositive(json, "label_name_length_limit", job.LabelNameLengthLimit);
        AddIfPositive(json, "label_value_length_limit", job.LabelValueLengthLimit);
        if (job.BodySizeLimit > 0)
        {
            json["body_size_limit"] = job.BodySizeLimit;
        }
        AddHttpClient(json, job.HttpClient.Redacted());
        if (job.RelabelConfigs.Count > 0)
        {
            json["relabel_configs"] = Relabelings(job.RelabelConfigs);
        }
        if (job.MetricRelabelConfigs.Count > 0)
        {
            json["metric_relabel_configs"] = Relabelings(job.MetricRelabelConfigs);
        }
        if (job.StaticConfigs.Count > 0)
        {
            json["static_configs"] = new JsonArray(job.StaticConfigs.Select(s => (JsonNode?)new JsonObject
            {
                ["targets"] = new JsonArray(s.Targets.Select(t => (JsonNode?)t).ToArray()),
                ["labels"] = new JsonObject(s.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            }).ToArray());
        }
        if (job.FileSdConfigs.Count > 0)
        {
            json["file_sd_configs"] = new JsonArray(job.FileSdConfigs.Select(f => (JsonNode?)new JsonObject
            {
                ["files"] = new JsonArray(f.Files.Select(file => (JsonNode?)file).ToArray()),
                ["refresh_interval"] = PrometheusDuration.Format(f.RefreshInterval),
            }).ToArray());
        }
        if (job.HttpSdConfigs.Count > 0)
        {
            json["http_sd_configs"] = new JsonArray(job.HttpSdConfigs.Select(h => (JsonNode?)new JsonObject
            {
                ["url"] = Prometheus.Discovery.HttpSdDiscoverer.Redact(h.Url),
                ["refresh_interval"] = PrometheusDuration.Format(h.RefreshInterval),
            }).ToArray());
        }
        if (job.KubernetesSdConfigs.Count > 0)
        {
            json["kubernetes_sd_configs"] = new JsonArray(job.KubernetesSdConfigs.Select(k => (JsonNode?)Kubernetes(k)).ToArray());
        }
        return json;
    }

    private static JsonObject Kubernetes(KubernetesSdConfig config)
    {
        var json = new JsonObject { ["role"] = KubernetesSdConfigReader.RoleName(config.Role) };
        AddIfSet(json, "api_server", config.ApiServer);
        AddIfSet(json, "kubeconfig_file", config.KubeconfigFile);
        json["namespaces"] = new JsonObject
        {
            ["own_namespace"] = config.OwnNamespace,
            ["names"] = new JsonArray(config.Namespaces.Select(n => (JsonNode?)n).ToArray()),
        };
        if (config.Selectors.Count > 0)
        {
            json["selectors"] = new JsonArray(config.Selectors.Select(s =>
            {
                var selector = new JsonObject { ["role"] = KubernetesSdConfigReader.RoleName(s.Role) };
                AddIfSet(selector, "label", s.Label);
                AddIfSet(selector, "field", s.Field);
                return (JsonNode?)selector;
            }).ToArray());
        }
        if (config.AttachNodeMetadata || config.AttachNamespaceMetadata)
        {
            json["attach_metadata"] = new JsonObject { ["node"] = config.AttachNodeMetadata, ["namespace"] = config.AttachNamespaceMetadata };
        }
        // The API server's client settings, inline as Prometheus writes them; credentials redacted.
        if (config.HttpClientSettings is HttpClientConfig client)
        {
            json["follow_redirects"] = client.FollowRedirects;
            json["enable_http2"] = client.EnableHttp2;
            AddHttpClient(json, client.Redacted());
        }
        return json;
    }

    private static void AddIfPositive(JsonObject json, string key, int value)
    {
        if (value > 0)
        {
            json[key] = value;
        }
    }

    private static void AddHttpClient(JsonObject json, HttpClientConfig client)
    {
        if (client.BasicAuth is { } basic)
        {
            var auth = new JsonObject { ["username"] = basic.Username };
            AddIfSet(auth, "username_file", basic.UsernameFile);
            AddIfSet(auth, "password", basic.Password);
            AddIfSet(auth, "password_file", basic.PasswordFile);
            json["basic_auth"] = auth;
        }
        if (client.Authorization is { } authorization)
        {
            var auth = new JsonObject { ["type"] = authorization.Type };
            AddIfSet(auth, "credentials", authorization.Credentials);
            AddIfSet(auth, "credentials_file", authorization.CredentialsFile);
            json["authorization"] = auth;
        }
        var tls = client.TlsConfig;
        var tlsJson = new JsonObject { ["insecure_skip_verify"] = tls.InsecureSkipVerify };
        AddIfSet(tlsJson, "ca", tls.Ca);
        AddIfSet(tlsJson, "ca_file", tls.CaFile);
        AddIfSet(tlsJson, "cert", tls.Cert);
        AddIfSet(tlsJson, "cert_file", tls.CertFile);
        AddIfSet(tlsJson, "key", tls.Key);
        AddIfSet(tlsJson, "key_file", tls.KeyFile);
        AddIfSet(tlsJson, "server_name", tls.ServerName);
        if (tls.MinVersion is { } min)
        {
            tlsJson["min_version"] = min.ToString().ToUpperInvariant();
        }
        json["tls_config"] = tlsJson;
        if (client.ProxyUrl is { } proxy)
        {
            json["proxy_url"] = proxy.ToString();
        }
    }

    private static void AddIfSet(JsonObject json, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json[key] = value;
        }
    }

    private static JsonArray Relabelings(IReadOnlyList<RelabelConfig> configs) =>
        new(configs.Select(c =>
        {
            var rule = new JsonObject();
            if (c.SourceLabels.Count > 0)
            {
                rule["source_labels"] = new JsonArray(c.SourceLabels.Select(l => (JsonNode?)l).ToArray());
            }
            rule["separator"] = c.Separator;
            rule["regex"] = c.Regex.Pattern;
            if (c.Modulus > 0)
            {
                rule["modulus"] = c.Modulus;
            }
            if (c.TargetLabel.Length > 0)
            {
                rule["target_label"] = c.TargetLabel;
            }
            rule["replacement"] = c.Replacement;
            rule["action"] = c.Action.ToPrometheusName();
            return (JsonNode?)rule;
        }).ToArray());
}
