using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Clustering;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Host.Tests;

/// <summary><c>orleans.clustering.provider: kubernetes</c>: what is read, and the table it makes.</summary>
public sealed class KubernetesClusteringTests
{
    private const string Config = """
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: self
                  static_configs:
                    - targets: ["127.0.0.1:9090"]
        exporters:
          debug: {}
        service:
          pipelines:
            metrics:
              receivers: [prometheus]
              exporters: [debug]
        orleans:
          cluster_id: scrape-test
          clustering:
        """;

    private static OrleansSettings Read(string clustering) =>
        OrleansScrapeConfigReader.Read(Config + "\n" + string.Join('\n', clustering.Split('\n').Select(l => "    " + l)), "test.yaml").Orleans;

    [Fact]
    public void The_kubernetes_provider_reads_api_server_kubeconfig_file_and_namespace()
    {
        var orleans = Read("""
            provider: kubernetes
            api_server: http://127.0.0.1:6443
            namespace: monitoring
            """);

        Assert.Equal(ClusteringProvider.Kubernetes, orleans.Clustering);
        Assert.Equal(new KubernetesClusteringSettings("http://127.0.0.1:6443", null, "monitoring"), orleans.KubernetesClustering);
    }

    [Fact]
    public void The_kubernetes_provider_refuses_both_api_server_and_kubeconfig_file()
    {
        var e = Assert.Throws<ConfigException>(() => Read("""
            provider: kubernetes
            api_server: http://127.0.0.1:6443
            kubeconfig_file: /etc/kube/config
            """));

        Assert.Contains("mutually exclusive", e.Message);
    }

    [Fact]
    public void An_unknown_provider_names_kubernetes_among_the_known_ones()
    {
        var e = Assert.Throws<ConfigException>(() => Read("provider: etcd"));

        Assert.Contains("kubernetes", e.Message);
    }

    [Fact]
    public void The_table_takes_its_namespace_from_POD_NAMESPACE_when_none_is_configured()
    {
        var orleans = Read("""
            provider: kubernetes
            api_server: http://127.0.0.1:6443
            """);

        using var table = KubernetesClustering.CreateTable(orleans, name => name == "POD_NAMESPACE" ? "from-pod" : null);
        var configured = Read("""
            provider: kubernetes
            api_server: http://127.0.0.1:6443
            namespace: monitoring
            """);
        using var configuredTable = KubernetesClustering.CreateTable(configured, name => name == "POD_NAMESPACE" ? "from-pod" : null);

        Assert.Equal("from-pod", table.Namespace);
        Assert.Equal("monitoring", configuredTable.Namespace);
    }

    [Fact]
    public void The_table_needs_a_namespace()
    {
        var orleans = Read("""
            provider: kubernetes
            api_server: http://127.0.0.1:6443
            """);

        var e = Assert.Throws<InvalidOperationException>(() => KubernetesClustering.CreateTable(orleans, _ => null));

        Assert.Contains("POD_NAMESPACE", e.Message);
    }
}
