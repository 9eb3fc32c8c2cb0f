using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Tests.Discovery;

public sealed class KubernetesSdConfigReaderTests
{
    private static YamlMappingReader Section(string entry)
    {
        var text = "kubernetes_sd_configs:\n" + string.Join('\n', entry.Split('\n').Select((line, i) => (i == 0 ? "  - " : "    ") + line));
        return YamlDocument.Load(text, "/etc/prometheus/prometheus.yml").GetMappingSequence("kubernetes_sd_configs")[0];
    }

    private static KubernetesSdConfig Read(string entry)
    {
        var section = Section(entry);
        var config = KubernetesSdConfigReader.Read(section, s => HttpClientConfigReader.Read(s, "/etc/prometheus"));
        section.RejectUnknownKeys();
        return config;
    }

    private static ConfigException Refused(string entry) => Assert.Throws<ConfigException>(() => Read(entry));

    [Theory]
    [InlineData("pod", KubernetesSdRole.Pod)]
    [InlineData("service", KubernetesSdRole.Service)]
    [InlineData("endpoints", KubernetesSdRole.Endpoints)]
    [InlineData("endpointslice", KubernetesSdRole.EndpointSlice)]
    [InlineData("node", KubernetesSdRole.Node)]
    [InlineData("ingress", KubernetesSdRole.Ingress)]
    public void Role_names_are_prometheus_lower_case_names(string name, KubernetesSdRole role)
    {
        var config = Read($"role: {name}");

        Assert.Equal(role, config.Role);
        Assert.Null(config.ApiServer);
        Assert.Null(config.KubeconfigFile);
        Assert.Empty(config.Namespaces);
        Assert.False(config.OwnNamespace);
        Assert.False(config.AttachNodeMetadata);
        Assert.False(config.AttachNamespaceMetadata);
    }

    [Fact]
    public void Role_is_required()
    {
        var error = Refused("api_server: https://k8s.example");

        Assert.Equal("role missing (one of: pod, service, endpoints, endpointslice, node, ingress)", error.Reason);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void An_unknown_role_is_refused_with_its_line()
    {
        var error = Refused("api_server: https://k8s.example\nrole: pods");

        Assert.Equal("unknown Kubernetes SD role \"pods\"", error.Reason);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Api_server_must_be_an_http_url()
    {
        var error = Refused("role: pod\napi_server: k8s.example");

        Assert.Contains("api_server \"k8s.example\"", error.Reason);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Api_server_and_kubeconfig_file_are_exclusive()
    {
        var error = Refused("role: pod\napi_server: https://k8s.example\nkubeconfig_file: kube.yml");

        Assert.Equal("cannot use 'kubeconfig_file' and 'api_server' simultaneously", error.Reason);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Kubeconfig_file_is_relative_to_the_configuration_file()
    {
        var config = Read("role: node\nkubeconfig_file: kube/config.yml");

        Assert.Equal(Path.GetFullPath("/etc/prometheus/kube/config.yml"), config.KubeconfigFile);
    }

    [Fact]
    public void Kubeconfig_file_refuses_custom_http_client_settings()
    {
        var error = Refused("role: pod\nkubeconfig_file: kube.yml\nbearer_token: secret");

        Assert.Equal("cannot use a custom HTTP client configuration together with 'kubeconfig_file'", error.Reason);
    }

    [Fact]
    public void Custom_http_client_settings_need_an_api_server()
    {
        var error = Refused("role: pod\nbasic_auth:\n  username: u\n  password: p");

        Assert.Equal("to use custom HTTP client configuration please provide the 'api_server' URL explicitly", error.Reason);
    }

    [Fact]
    public void Http_client_keys_are_read_inline_with_an_api_server()
    {
        var config = Read("role: pod\napi_server: https://k8s.example:6443\nauthorization:\n  credentials: token\ntls_config:\n  insecure_skip_verify: true");

        var client = Assert.IsType<HttpClientConfig>(config.HttpClientSettings);
        Assert.Equal("https://k8s.example:6443", config.ApiServer);
        Assert.Equal("token", client.Authorization!.Credentials);
        Assert.True(client.TlsConfig.InsecureSkipVerify);
    }

    [Theory]
    [InlineData("api_server: https://k8s.example", "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously")]
    [InlineData("kubeconfig_file: kube.yml", "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously")]
    public void Own_namespace_needs_in_cluster_credentials(string connection, string reason)
    {
        var error = Refused($"role: pod\n{connection}\nnamespaces:\n  own_namespace: true");

        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Namespaces_names_and_own_namespace_are_read()
    {
        var config = Read("role: pod\nnamespaces:\n  own_namespace: true\n  names: [a, b]");

        Assert.True(config.OwnNamespace);
        Assert.Equal(["a", "b"], config.Namespaces);
    }

    [Fact]
    public void An_unknown_key_under_namespaces_is_refused()
    {
        var error = Refused("role: pod\nnamespaces:\n  name: [a]");

        Assert.Contains("name", error.Reason);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Attach_metadata_node_and_namespace_are_read()
    {
        var config = Read("role: pod\nattach_metadata:\n  node: true\n  namespace: true");

        Assert.True(config.AttachNodeMetadata);
        Assert.True(config.AttachNamespaceMetadata);
    }

    [Fact]
    public void Selectors_are_read_per_role()
    {
        var config = Read("role: endpointslice\nselectors:\n  - role: pod\n    label: app=web,tier in (a, b)\n  - role: endpointslice\n    field: metadata.name!=x");

        Assert.Equal(2, config.Selectors.Count);
        Assert.Equal(new KubernetesSdSelector { Role = KubernetesSdRole.Pod, Label = "app=web,tier in (a, b)" }, config.Selectors[0]);
        Assert.Equal(new KubernetesSdSelector { Role = KubernetesSdRole.EndpointSlice, Field = "metadata.name!=x" }, config.Selectors[1]);
    }

    [Theory]
    [InlineData("pod", "service", "pod role supports only pod selectors")]
    [InlineData("service", "pod", "service role supports only service selectors")]
    [InlineData("node", "pod", "node role supports only node selectors")]
    [InlineData("ingress", "service", "ingress role supports only ingress selectors")]
    [InlineData("endpointslice", "node", "endpointslice role supports only pod, service, endpointslice selectors")]
    [InlineData("endpoints", "endpointslice", "endpoints role supports only pod, service, endpoints selectors")]
    public void A_selector_role_must_be_one_the_role_watches(string role, string selectorRole, string reason)
    {
        var error = Refused($"role: {role}\nselectors:\n  - role: {selectorRole}\n    label: a=b");

        Assert.Equal(reason, error.Reason);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void A_selector_role_may_appear_once()
    {
        var error = Refused("role: pod\nselectors:\n  - role: pod\n    label: a=b\n  - role: pod\n    field: metadata.name=x");

        Assert.Equal("duplicated selector role: pod", error.Reason);
        Assert.Equal(6, error.Line);
    }

    [Theory]
    [InlineData("label: 'a=b=c'", "label")]
    [InlineData("label: 'tier in a, b'", "label")]
    [InlineData("field: 'metadata.name'", "field")]
    public void Selector_syntax_is_checked(string selector, string key)
    {
        var error = Refused($"role: pod\nselectors:\n  - role: pod\n    {selector}");

        Assert.StartsWith($"invalid {key} selector", error.Reason);
        Assert.Equal(5, error.Line);
    }
}
