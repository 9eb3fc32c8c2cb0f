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

    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev
          cluster:
            server: https://SERVER:6443
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
        """;

    private static KubernetesConnection Resolve(Dictionary<string, string?> environment) =>
        KubernetesConnection.From(new KubernetesSdConfig { Role = KubernetesSdRole.Pod }, name => environment.GetValueOrDefault(name));

    [Fact]
    public void Without_api_server_or_kubeconfig_file_the_first_existing_file_KUBECONFIG_lists_is_used_even_in_a_pod()
    {
        var directory = Directory.CreateTempSubdirectory("kubeconfig-").FullName;
        try
        {
            var path = Path.Combine(directory, "config");
            File.WriteAllText(path, Kubeconfig.Replace("SERVER", "from-env.example"));
            var list = string.Join(Path.PathSeparator, Path.Combine(directory, "missing"), path);

            var connection = Resolve(new() { ["KUBECONFIG"] = list, ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" });

            Assert.Equal(new Uri("https://from-env.example:6443/"), connection.Server);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Without_KUBECONFIG_the_users_kube_config_is_used()
    {
        var home = Directory.CreateTempSubdirectory("home-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(home, ".kube"));
            File.WriteAllText(Path.Combine(home, ".kube", "config"), Kubeconfig.Replace("SERVER", "from-home.example"));

            var connection = Resolve(new() { ["HOME"] = home });

            Assert.Equal(new Uri("https://from-home.example:6443/"), connection.Server);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void In_a_pod_without_kubeconfigs_the_service_account_is_used()
    {
        // The service account's token file is absent here: the in-cluster path is the one that was taken.
        var error = Assert.Throws<InvalidOperationException>(() =>
            Resolve(new() { ["KUBECONFIG"] = "/nonexistent/kubeconfig", ["HOME"] = "/nonexistent-home", ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" }));

        Assert.Contains("unable to load in-cluster configuration", error.Message);
    }

    [Fact]
    public void With_no_way_to_an_api_server_the_error_names_everything_that_was_tried()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolve(new() { ["HOME"] = "/nonexistent-home" }));

        Assert.Equal("no Kubernetes API server to connect to: no api_server or kubeconfig_file is configured, KUBECONFIG is not set, ~/.kube/config does not exist, and this is not a pod (KUBERNETES_SERVICE_HOST is not set)", error.Message);
    }
}
