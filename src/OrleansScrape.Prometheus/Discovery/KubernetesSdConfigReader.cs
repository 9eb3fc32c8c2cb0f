using OrleansScrape.Configuration;
using System.Text.RegularExpressions;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// Reads one entry of <c>kubernetes_sd_configs</c> with Prometheus's keys, defaults and checks (in its order and
/// with its messages). Like <see cref="HttpSdConfigReader"/> the entry holds the HTTP client keys inline, read by
/// <c>readHttpClientSettings</c>; the caller calls <see cref="YamlMappingReader.RejectUnknownKeys"/> on the entry
/// afterwards. Nested mappings (<c>namespaces</c>, <c>selectors</c>, <c>attach_metadata</c>) are checked here.
/// </summary>
public static partial class KubernetesSdConfigReader
{
    private const string RoleList = "pod, service, endpoints, endpointslice, node, ingress";

    // Which selector roles each role watches, as Prometheus allows them.
    private static readonly Dictionary<KubernetesSdRole, KubernetesSdRole[]> AllowedSelectors = new()
    {
        [KubernetesSdRole.Pod] = [KubernetesSdRole.Pod],
        [KubernetesSdRole.Service] = [KubernetesSdRole.Service],
        [KubernetesSdRole.EndpointSlice] = [KubernetesSdRole.Pod, KubernetesSdRole.Service, KubernetesSdRole.EndpointSlice],
        [KubernetesSdRole.Endpoints] = [KubernetesSdRole.Pod, KubernetesSdRole.Service, KubernetesSdRole.Endpoints],
        [KubernetesSdRole.Node] = [KubernetesSdRole.Node],
        [KubernetesSdRole.Ingress] = [KubernetesSdRole.Ingress],
    };

    /// <param name="section">The mapping of one <c>kubernetes_sd_configs</c> entry.</param>
    /// <param name="readHttpClientSettings">Reads the entry's HTTP client keys; its result is kept as <see cref="KubernetesSdConfig.HttpClientSettings"/>.</param>
    /// <param name="baseDirectory">Directory for a relative <c>kubeconfig_file</c>; by default the configuration file's.</param>
    public static KubernetesSdConfig Read(YamlMappingReader section, Func<YamlMappingReader, object?>? readHttpClientSettings = null, string? baseDirectory = null)
    {
        var roleText = section.GetString("role");
        var apiServer = section.GetString("api_server");
        var kubeconfig = section.GetString("kubeconfig_file");
        var settings = readHttpClientSettings?.Invoke(section);

        var namespaces = section.GetMapping("namespaces");
        var ownNamespace = namespaces?.GetBool("own_namespace") ?? false;
        var names = namespaces?.GetStringList("names") ?? [];
        namespaces?.RejectUnknownKeys();

        var attach = section.GetMapping("attach_metadata");
        var attachNode = attach?.GetBool("node") ?? false;
        var attachNamespace = attach?.GetBool("namespace") ?? false;
        attach?.RejectUnknownKeys();

        if (string.IsNullOrEmpty(roleText))
        {
            throw section.Has("role") ? section.ErrorAt("role", $"role missing (one of: {RoleList})") : section.Error($"role missing (one of: {RoleList})");
        }
        var role = ParseRole(roleText) ?? throw section.ErrorAt("role", $"unknown Kubernetes SD role \"{roleText}\"");
        if (apiServer is not null && (!Uri.TryCreate(apiServer, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https")))
        {
            throw section.ErrorAt("api_server", $"api_server \"{apiServer}\" is not an http or https URL");
        }
        var hasApiServer = !string.IsNullOrEmpty(apiServer);
        var hasKubeconfig = !string.IsNullOrEmpty(kubeconfig);
        var customClient = settings is not null && !settings.Equals(new HttpClientConfig());
        if (hasApiServer && hasKubeconfig)
        {
            throw section.ErrorAt("kubeconfig_file", "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
        }
        if (hasKubeconfig && customClient)
        {
            throw section.ErrorAt("kubeconfig_file", "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
        }
        if (!hasApiServer && customClient)
        {
            throw section.Error("to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
        }
        if (hasApiServer && ownNamespace)
        {
            throw section.ErrorAt("namespaces", "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
        }
        if (hasKubeconfig && ownNamespace)
        {
            throw section.ErrorAt("namespaces", "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
        }

        var selectors = new List<KubernetesSdSelector>();
        foreach (var item in section.GetMappingSequence("selectors"))
        {
            selectors.Add(ReadSelector(item, role, selectors));
        }

        if (hasKubeconfig && !Path.IsPathRooted(kubeconfig))
        {
            baseDirectory ??= Path.GetDirectoryName(Path.GetFullPath(section.File)) ?? Directory.GetCurrentDirectory();
            kubeconfig = Path.GetFullPath(Path.Combine(baseDirectory, kubeconfig!));
        }
        return new KubernetesSdConfig
        {
            Role = role,
            ApiServer = hasApiServer ? apiServer : null,
            KubeconfigFile = hasKubeconfig ? kubeconfig : null,
            Namespaces = names,
            OwnNamespace = ownNamespace,
            Selectors = selectors,
            AttachNodeMetadata = attachNode,
            AttachNamespaceMetadata = attachNamespace,
            HttpClientSettings = settings,
        };
    }

    /// <summary>The role for its YAML name (<c>pod</c>, <c>endpointslice</c> ...), or null.</summary>
    public static KubernetesSdRole? ParseRole(string text) => text switch
    {
        "pod" => KubernetesSdRole.Pod,
        "service" => KubernetesSdRole.Service,
        "endpoints" => KubernetesSdRole.Endpoints,
        "endpointslice" => KubernetesSdRole.EndpointSlice,
        "node" => KubernetesSdRole.Node,
        "ingress" => KubernetesSdRole.Ingress,
        _ => null,
    };

    /// <summary>The YAML name of a role.</summary>
    public static string RoleName(KubernetesSdRole role) => role.ToString().ToLowerInvariant();

    private static KubernetesSdSelector ReadSelector(YamlMappingReader item, KubernetesSdRole role, List<KubernetesSdSelector> earlier)
    {
        var roleText = item.GetString("role") ?? "";
        var label = item.GetString("label");
        var field = item.GetString("field");
        item.RejectUnknownKeys();
        var selectorRole = ParseRole(roleText);
        if (roleText.Length > 0 && selectorRole is null)
        {
            throw item.ErrorAt("role", $"unknown Kubernetes SD role \"{roleText}\"");
        }
        if (selectorRole is { } duplicate && earlier.Any(s => s.Role == duplicate))
        {
            throw item.ErrorAt("role", $"duplicated selector role: {roleText}");
        }
        var allowed = AllowedSelectors[role];
        if (selectorRole is not { } r || !allowed.Contains(r))
        {
            var message = $"{RoleName(role)} role supports only {string.Join(", ", allowed.Select(RoleName))} selectors";
            throw item.Has("role") ? item.ErrorAt("role", message) : item.Error(message);
        }
        if (!string.IsNullOrEmpty(field) && !IsFieldSelector(field))
        {
            throw item.ErrorAt("field", $"invalid field selector \"{field}\": each requirement must be key=value, key==value or key!=value");
        }
        if (!string.IsNullOrEmpty(label) && SplitRequirements(label).FirstOrDefault(t => !LabelRequirement().IsMatch(t)) is { } bad)
        {
            throw item.ErrorAt("label", $"invalid label selector \"{label}\": cannot parse requirement \"{bad}\"");
        }
        return new KubernetesSdSelector { Role = r, Label = string.IsNullOrEmpty(label) ? null : label, Field = string.IsNullOrEmpty(field) ? null : field };
    }

    private static bool IsFieldSelector(string field) => field.Split(',').All(term => FieldRequirement().IsMatch(term.Trim()));

    // Commas separate requirements except inside the parentheses of "in (a, b)".
    private static IEnumerable<string> SplitRequirements(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= selector.Length; i++)
        {
            if (i == selector.Length || (selector[i] == ',' && depth == 0))
            {
                yield return selector[start..i].Trim();
                start = i + 1;
            }
            else if (selector[i] == '(')
            {
                depth++;
            }
            else if (selector[i] == ')')
            {
                depth--;
            }
        }
    }

    // key, !key, key=v, key==v, key!=v, key in (a,b), key notin (a,b); keys may carry a DNS prefix.
    [GeneratedRegex(@"^(!\s*[A-Za-z0-9./_-]+|[A-Za-z0-9./_-]+(\s*(==?|!=)\s*[A-Za-z0-9._-]*|\s+(in|notin)\s*\(\s*[A-Za-z0-9._-]*(\s*,\s*[A-Za-z0-9._-]*)*\s*\))?)$")]
    private static partial Regex LabelRequirement();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+\s*(==?|!=)\s*[^,=!]*$")]
    private static partial Regex FieldRequirement();
}
