using System.Net;
using Authorization = OrleansScrape.Prometheus.Http.Authorization;
using System.Text;
using k8s;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Kubernetes.Api;

/// <summary>
/// Where an API server is and how to authenticate to it, resolved from a <c>kubernetes_sd_configs</c> entry the way
/// Prometheus does: <c>api_server</c> with the entry's HTTP client settings, else <c>kubeconfig_file</c>, else the
/// way kubectl finds its cluster: the files the <c>KUBECONFIG</c> environment variable lists, then
/// <c>~/.kube/config</c>, then the in-cluster service account. Credentials files (token, CA) are named, not read, so
/// rotated tokens are picked up.
/// </summary>
public sealed record KubernetesConnection
{
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public required Uri Server { get; init; }

    public HttpClientConfig HttpClient { get; init; } = new();

    /// <summary>The namespace this process runs in (in-cluster only), for <c>namespaces.own_namespace</c>.</summary>
    public string? OwnNamespace { get; init; }

    /// <summary>Server plus every client setting (the records' value text, never a hash that could collide), for sharing watches between jobs that use the same connection.</summary>
    public string Key => $"{Server.AbsoluteUri}|{HttpClient}";

    /// <exception cref="InvalidOperationException">The kubeconfig or the in-cluster credentials cannot be read.</exception>
    public static KubernetesConnection From(KubernetesSdConfig config) => From(config, Environment.GetEnvironmentVariable);

    /// <summary>
    /// The connection of a setting that names only where the API server is (<c>discovery.api_server</c> /
    /// <c>kubeconfig_file</c>, <c>orleans.clustering</c>): the same rules as an entry with default HTTP settings.
    /// </summary>
    public static KubernetesConnection From(string? apiServer, string? kubeconfigFile, Func<string, string?>? environment = null) =>
        From(new KubernetesSdConfig { Role = KubernetesSdRole.Pod, ApiServer = apiServer, KubeconfigFile = kubeconfigFile }, environment ?? Environment.GetEnvironmentVariable);

    /// <param name="config">The entry.</param>
    /// <param name="environment">Reads an environment variable (the process's; a test's own).</param>
    /// <exception cref="InvalidOperationException">The kubeconfig or the in-cluster credentials cannot be read.</exception>
    public static KubernetesConnection From(KubernetesSdConfig config, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrEmpty(config.ApiServer))
        {
            return new KubernetesConnection
            {
                Server = new Uri(config.ApiServer),
                HttpClient = config.HttpClientSettings as HttpClientConfig ?? new HttpClientConfig(),
            };
        }
        if (!string.IsNullOrEmpty(config.KubeconfigFile))
        {
            return FromKubeconfig(config.KubeconfigFile);
        }
        // Then kubectl's order: the files KUBECONFIG lists (the first that exists), ~/.kube/config, in-cluster.
        var tried = new List<string>();
        if (environment("KUBECONFIG") is { Length: > 0 } list)
        {
            var files = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(path => new FileInfo(path.Trim('"'))).Where(file => file.Exists).ToArray();
            if (files.Length > 0)
            {
                return FromKubeconfigs(files, $"KUBECONFIG={list}");
            }
            tried.Add($"KUBECONFIG={list} names no file that exists");
        }
        else
        {
            tried.Add("KUBECONFIG is not set");
        }
        if ((environment("HOME") ?? environment("USERPROFILE")) is { Length: > 0 } home
            && Path.Combine(home, ".kube", "config") is var defaultFile && File.Exists(defaultFile))
        {
            return FromKubeconfig(defaultFile);
        }
        tried.Add("~/.kube/config does not exist");
        if (string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")))
        {
            throw new InvalidOperationException(
                $"no Kubernetes API server to connect to: no api_server or kubeconfig_file is configured, {string.Join(", ", tried)}, and this is not a pod (KUBERNETES_SERVICE_HOST is not set)");
        }
        return InCluster(ServiceAccountDirectory, environment, config.OwnNamespace);
    }

    /// <summary>
    /// The in-cluster connection: <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>, the service account's
    /// token file as bearer credentials (re-read as it rotates) and its <c>ca.crt</c> as trust store.
    /// </summary>
    public static KubernetesConnection InCluster(string serviceAccountDirectory, Func<string, string?> environment, bool readOwnNamespace)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined");
        }
        var tokenFile = Path.Combine(serviceAccountDirectory, "token");
        if (!File.Exists(tokenFile))
        {
            throw new InvalidOperationException($"unable to load in-cluster configuration: {tokenFile} does not exist");
        }
        string? ownNamespace = null;
        if (readOwnNamespace)
        {
            var namespaceFile = Path.Combine(serviceAccountDirectory, "namespace");
            ownNamespace = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : "";
            if (ownNamespace.Length == 0)
            {
                throw new InvalidOperationException($"could not determine the pod's namespace from {namespaceFile}");
            }
        }
        var caFile = Path.Combine(serviceAccountDirectory, "ca.crt");
        var hostPart = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        return new KubernetesConnection
        {
            Server = new Uri($"https://{hostPart}:{port}/"),
            HttpClient = new HttpClientConfig
            {
                Authorization = new Authorization { CredentialsFile = tokenFile },
                TlsConfig = new TlsConfig { CaFile = File.Exists(caFile) ? caFile : null },
            },
            OwnNamespace = ownNamespace,
        };
    }

    /// <summary>The current context of a kubeconfig file: server, CA, client certificate, token or basic auth.</summary>
    public static KubernetesConnection FromKubeconfig(string path) => FromKubeconfigs([new FileInfo(path)], path);

    /// <summary>
    /// The current context of the first of the kubeconfig files that exists (kubectl would also merge entries the
    /// first file lacks from the others; a file that names the current context is what that merge resolves to).
    /// </summary>
    private static KubernetesConnection FromKubeconfigs(FileInfo[] files, string source)
    {
        KubernetesClientConfiguration k;
        try
        {
            k = KubernetesClientConfiguration.BuildConfigFromConfigFile(files[0]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"cannot load the kubeconfig {source}: {e.Message}", e);
        }
        var tls = new TlsConfig
        {
            Ca = k.SslCaCerts is { Count: > 0 } cas ? string.Concat(cas.Select(c => c.ExportCertificatePem() + "\n")) : null,
            Cert = k.ClientCertificateData is { Length: > 0 } cert ? Encoding.UTF8.GetString(Convert.FromBase64String(cert)) : null,
            Key = k.ClientCertificateKeyData is { Length: > 0 } key ? Encoding.UTF8.GetString(Convert.FromBase64String(key)) : null,
            CertFile = k.ClientCertificateFilePath,
            KeyFile = k.ClientKeyFilePath,
            ServerName = k.TlsServerName,
            InsecureSkipVerify = k.SkipTlsVerify,
        };
        return new KubernetesConnection
        {
            Server = new Uri(k.Host),
            HttpClient = new HttpClientConfig
            {
                TlsConfig = tls,
                Authorization = string.IsNullOrEmpty(k.AccessToken) ? null : new Authorization { Credentials = k.AccessToken },
                BasicAuth = string.IsNullOrEmpty(k.Username) ? null : new BasicAuth { Username = k.Username, Password = k.Password },
            },
        };
    }
}
