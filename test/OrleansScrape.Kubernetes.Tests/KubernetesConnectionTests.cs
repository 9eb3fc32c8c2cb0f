using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Kubernetes.Tests;

public sealed class KubernetesConnectionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("k8s-conn-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Api_server_uses_the_entry_http_client_settings()
    {
        var client = new HttpClientConfig { Authorization = new Authorization { Credentials = "t" } };

        var connection = KubernetesConnection.From(new KubernetesSdConfig { Role = KubernetesSdRole.Pod, ApiServer = "https://k8s.example:6443", HttpClientSettings = client });

        Assert.Equal(new Uri("https://k8s.example:6443/"), connection.Server);
        Assert.Same(client, connection.HttpClient);
    }

    [Fact]
    public void In_cluster_uses_the_service_host_the_token_file_and_the_ca()
    {
        File.WriteAllText(Path.Combine(_directory, "token"), "abc");
        File.WriteAllText(Path.Combine(_directory, "ca.crt"), "-----BEGIN CERTIFICATE-----");
        File.WriteAllText(Path.Combine(_directory, "namespace"), "monitoring\n");
        var environment = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var connection = KubernetesConnection.InCluster(_directory, environment.GetValueOrDefault, readOwnNamespace: true);

        Assert.Equal(new Uri("https://10.96.0.1:443/"), connection.Server);
        Assert.Equal(Path.Combine(_directory, "token"), connection.HttpClient.Authorization!.CredentialsFile);
        Assert.Equal(Path.Combine(_directory, "ca.crt"), connection.HttpClient.TlsConfig.CaFile);
        Assert.Equal("monitoring", connection.OwnNamespace);
    }

    [Fact]
    public void In_cluster_needs_the_service_environment()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesConnection.InCluster(_directory, _ => null, readOwnNamespace: false));

        Assert.Contains("KUBERNETES_SERVICE_HOST", error.Message);
    }

    [Fact]
    public void Kubeconfig_file_gives_the_current_context_server_and_token()
    {
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev
              cluster:
                server: https://dev.example:6443
                insecure-skip-tls-verify: true
            users:
            - name: me
              user:
                token: tok
            contexts:
            - name: dev
              context:
                cluster: dev
                user: me
            """);

        var connection = KubernetesConnection.FromKubeconfig(path);

        Assert.Equal(new Uri("https://dev.example:6443/"), connection.Server);
        Assert.Equal("tok", connection.HttpClient.Authorization!.Credentials);
        Assert.True(connection.HttpClient.TlsConfig.InsecureSkipVerify);
    }

    [Fact]
    public void Outside_a_cluster_the_file_KUBECONFIG_names_is_used()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        File.WriteAllText(path, """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev
              cluster:
                server: https://from-env.example:6443
                insecure-skip-tls-verify: true
            users:
            - name: me
              user:
                token: tok
            contexts:
            - name: dev
              context:
                cluster: dev
                user: me
            """);
        try
        {
            var environment = new Dictionary<string, string?> { ["KUBECONFIG"] = path + Path.PathSeparator + "/nonexistent/second" };

            var connection = KubernetesConnection.From(new KubernetesSdConfig { Role = KubernetesSdRole.Pod }, name => environment.GetValueOrDefault(name));

            Assert.Equal(new Uri("https://from-env.example:6443/"), connection.Server);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Inside_a_cluster_KUBECONFIG_does_not_replace_the_service_account()
    {
        var environment = new Dictionary<string, string?> { ["KUBECONFIG"] = "/nonexistent/kubeconfig", ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        // The service account's token file is absent here: the in-cluster path is the one that was taken.
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesConnection.From(new KubernetesSdConfig { Role = KubernetesSdRole.Pod }, name => environment.GetValueOrDefault(name)));

        Assert.Contains("unable to load in-cluster configuration", error.Message);
    }
}
