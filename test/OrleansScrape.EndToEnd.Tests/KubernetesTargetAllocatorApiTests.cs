using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OrleansScrape.Hosting;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// The Target Allocator API of a silo whose jobs include jobs generated from custom resources, with
/// discovery split into shards: every answer covers all shards and shows generated jobs under the job name
/// upstream uses, with their service discovery.
/// </summary>
public sealed class KubernetesTargetAllocatorApiTests
{
    private const string GeneratedJob = "serviceMonitor/shop/my-service/0";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string description)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet, or a grain not activated yet.
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {description}");
            await Task.Delay(250);
        }
    }

    private static async Task<JsonNode> GetJson(HttpClient http, string path) => JsonNode.Parse(await http.GetStringAsync(path))!;

    [Fact]
    public async Task Target_allocator_api_lists_generated_jobs_with_their_kubernetes_sd_configs_over_all_shards()
    {
        await using var server = await ShardedKubernetesFixture.StartAsync();
        var httpPort = FreePort();
        var config = ShardedKubernetesFixture.Config(server.BaseAddress,
            shards: "  shards:\n    - name: shop\n      namespaces: [shop]\n    - name: rest\n      namespaces: [rest]",
            extra: $"""
                orleans:
                  role: all
                  silo_name: silo-a
                  cluster_id: ta-api-{httpPort}
                  clustering:
                    provider: localhost
                  endpoints:
                    silo_port: {FreePort()}
                    gateway_port: {FreePort()}
                  storage:
                    provider: memory
                  http:
                    address: 127.0.0.1
                    port: {httpPort}
                """);
        var settings = OrleansScrapeConfigReader.Read(config, "test.yaml");
        await using var app = OrleansScrapeApplication.Create(settings);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "all shards loaded");
            await WaitAsync(async () => (await GetJson(http, "/jobs/all-pods/targets?collector_id=silo-a")).AsArray().Count == 12,
                TimeSpan.FromSeconds(60), "the pods of every shard assigned to silo-a");

            // /scrape_configs: configured and generated jobs; the generated one with its kubernetes_sd_configs.
            var scrapeConfigs = (await GetJson(http, "/scrape_configs")).AsObject();
            Assert.Equal(["all-pods", "nodes", "scrapeConfig/monitoring/dynatrace-annotations", "serviceMonitor/shop/my-service/0", "some-pods", "static"],
                scrapeConfigs.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Equal("<secret>", scrapeConfigs["static"]!["basic_auth"]!["password"]!.GetValue<string>());
            var generated = scrapeConfigs[GeneratedJob]!.AsObject();
            Assert.Equal(GeneratedJob, generated["job_name"]!.GetValue<string>());
            Assert.Equal("1m", generated["scrape_interval"]!.GetValue<string>());
            Assert.Contains("relabel_configs", generated.Select(p => p.Key));
            var expectedSd = JsonNode.Parse($$$"""
                [{"role":"endpointslice","api_server":"{{{server.BaseAddress}}}","namespaces":{"own_namespace":false,"names":["shop"]}}]
                """);
            Assert.True(JsonNode.DeepEquals(expectedSd, generated["kubernetes_sd_configs"]), generated["kubernetes_sd_configs"]!.ToJsonString());
            // A configured entry also shows its API client settings, inline as Prometheus writes them.
            var configured = scrapeConfigs["all-pods"]!["kubernetes_sd_configs"]!;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$$"""[{"role":"pod","api_server":"{{{server.BaseAddress}}}","namespaces":{"own_namespace":false,"names":[]},"follow_redirects":true,"enable_http2":true,"tls_config":{"insecure_skip_verify":false}}]"""), configured),
                configured.ToJsonString());

            // /jobs: every job with targets, generated ones under their escaped job name.
            var jobs = (await GetJson(http, "/jobs")).AsObject();
            Assert.Equal(scrapeConfigs.Select(p => p.Key).Order(StringComparer.Ordinal), jobs.Select(p => p.Key).Order(StringComparer.Ordinal));
            var link = jobs[GeneratedJob]!["_link"]!.GetValue<string>();
            Assert.Equal("/jobs/serviceMonitor%2Fshop%2Fmy-service%2F0/targets", link);

            // /jobs/{job}/targets through that link: collector -> link and http_sd groups with the discovered labels.
            var byCollector = (await GetJson(http, link)).AsObject();
            var collector = Assert.Single(byCollector);
            Assert.Equal("silo-a", collector.Key);
            Assert.Equal("/jobs/serviceMonitor%2Fshop%2Fmy-service%2F0/targets?collector_id=silo-a", collector.Value!["_link"]!.GetValue<string>());
            var group = Assert.Single(collector.Value["targets"]!.AsArray())!;
            Assert.Equal("127.0.1.3:8080", Assert.Single(group["targets"]!.AsArray())!.GetValue<string>());
            Assert.Equal("shop", group["labels"]!["__meta_kubernetes_namespace"]!.GetValue<string>());
            Assert.Equal("my-service", group["labels"]!["__meta_kubernetes_service_name"]!.GetValue<string>());

            var httpSd = (await GetJson(http, link + "?collector_id=silo-a")).AsArray();
            Assert.True(JsonNode.DeepEquals(group, Assert.Single(httpSd)));
            Assert.Empty((await GetJson(http, link + "?collector_id=nobody")).AsArray());

            // A job that every shard has a part of: all parts, once each.
            var allPods = (await GetJson(http, "/jobs/all-pods/targets?collector_id=silo-a")).AsArray();
            Assert.Equal(["kube-system", "other", "rest", "shop"],
                allPods.Select(g => g!["labels"]!["__meta_kubernetes_namespace"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
            Assert.Equal(12, allPods.Select(g => g!["targets"]![0]!.GetValue<string>()).Distinct().Count());

            var page = await http.GetStringAsync("/targets");
            Assert.Contains($"<h2>{WebUtility.HtmlEncode(GeneratedJob)} (", page);
            Assert.Contains("25 targets", page);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}

