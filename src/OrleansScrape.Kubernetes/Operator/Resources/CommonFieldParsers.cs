using System.Text.Json;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>Parsers for the field types the three custom resource kinds share.</summary>
internal static class CommonFieldParsers
{
    public static ResourceMetadata Metadata(JsonElement resource)
    {
        var root = JsonFields.Of(resource, "");
        var metadata = root.Object("metadata") ?? throw new CustomResourceException("metadata is missing");
        var name = metadata.String("name");
        if (string.IsNullOrEmpty(name))
        {
            throw new CustomResourceException("metadata.name is missing");
        }
        return new ResourceMetadata(metadata.String("namespace") ?? "", name, metadata.StringMap("labels"));
    }

    /// <summary>A label selector; null when the field is absent (the caller decides what that means).</summary>
    public static LabelSelector? Selector(JsonFields? selector)
    {
        if (selector is not { } fields)
        {
            return null;
        }
        var expressions = new List<LabelSelectorRequirement>();
        foreach (var expression in fields.Objects("matchExpressions"))
        {
            expressions.Add(Requirement(expression));
        }
        return new LabelSelector { MatchLabels = fields.StringMap("matchLabels"), MatchExpressions = expressions };
    }

    /// <summary>One <c>matchExpressions</c> entry, checked as Kubernetes checks it.</summary>
    public static LabelSelectorRequirement Requirement(JsonFields expression)
    {
        var key = expression.String("key");
        if (string.IsNullOrEmpty(key))
        {
            throw new CustomResourceException($"{expression.Qualified("key")} is missing");
        }
        var operatorName = expression.String("operator") ?? "";
        if (!Enum.TryParse<LabelSelectorOperator>(operatorName, ignoreCase: false, out var op) || !Enum.IsDefined(op))
        {
            throw new CustomResourceException($"{expression.Qualified("operator")}: \"{operatorName}\" is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)");
        }
        var values = expression.Strings("values");
        return Checked(new LabelSelectorRequirement(key, op, values), expression.Path);
    }

    public static LabelSelectorRequirement Checked(LabelSelectorRequirement requirement, string path)
    {
        if (requirement.Operator is LabelSelectorOperator.In or LabelSelectorOperator.NotIn && requirement.Values.Count == 0)
        {
            throw new CustomResourceException($"{path}: values must be non-empty for operator {requirement.Operator}");
        }
        if (requirement.Operator is LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist && requirement.Values.Count > 0)
        {
            throw new CustomResourceException($"{path}: values must be empty for operator {requirement.Operator}");
        }
        return requirement;
    }

    public static NamespaceSelector NamespaceSelector(JsonFields spec) =>
        spec.Object("namespaceSelector") is { } selector
            ? new NamespaceSelector { Any = selector.Bool("any") ?? false, MatchNames = selector.Strings("matchNames") }
            : new NamespaceSelector();

    public static ScrapeLimits Limits(JsonFields spec) => new()
    {
        SampleLimit = spec.UInt64("sampleLimit"),
        TargetLimit = spec.UInt64("targetLimit"),
        LabelLimit = spec.UInt64("labelLimit"),
        LabelNameLengthLimit = spec.UInt64("labelNameLengthLimit"),
        LabelValueLengthLimit = spec.UInt64("labelValueLengthLimit"),
        BodySizeLimit = spec.ByteSizeValue("bodySizeLimit"),
        ScrapeProtocols = spec.Strings("scrapeProtocols"),
    };

    /// <summary>A list of the operator's RelabelConfig objects (camelCase fields), each validated as Prometheus does.</summary>
    public static IReadOnlyList<RelabelConfig> Relabelings(JsonFields owner, string name)
    {
        var rules = new List<RelabelConfig>();
        foreach (var rule in owner.Objects(name))
        {
            rules.Add(Relabeling(rule));
        }
        return rules;
    }

    public static RelabelConfig Relabeling(JsonFields rule)
    {
        var config = new RelabelConfig { SourceLabels = rule.Strings("sourceLabels") };
        if (rule.String("separator") is { } separator)
        {
            config = config with { Separator = separator };
        }
        if (rule.String("targetLabel") is { } target)
        {
            config = config with { TargetLabel = target };
        }
        if (rule.String("regex") is { Length: > 0 } pattern)
        {
            if (!RelabelRegex.TryParse(pattern, out var regex, out var regexError))
            {
                throw new CustomResourceException($"{rule.Qualified("regex")}: {regexError}");
            }
            config = config with { Regex = regex };
        }
        if (rule.UInt64("modulus") is { } modulus)
        {
            config = config with { Modulus = modulus };
        }
        if (rule.String("replacement") is { } replacement)
        {
            config = config with { Replacement = replacement };
        }
        if (rule.String("action") is { Length: > 0 } actionName)
        {
            if (!RelabelActionNames.TryParse(actionName, out var action))
            {
                throw new CustomResourceException($"{rule.Qualified("action")}: unknown relabel action \"{actionName}\"");
            }
            config = config with { Action = action };
        }
        if (config.Validate() is { } error)
        {
            throw new CustomResourceException($"{rule.Path}: {error.Message}");
        }
        return config;
    }

    public static KeyReference? SecretKey(JsonFields owner, string name) =>
        owner.Object(name) is { } selector ? KeyRef(selector, KeySource.Secret) : null;

    // An all-empty selector ({} or name and key "") is how the operator's non-pointer fields say "not set".
    private static bool IsUnset(JsonFields selector) =>
        string.IsNullOrEmpty(selector.String("name")) && string.IsNullOrEmpty(selector.String("key"));

    /// <summary>A <c>SecretOrConfigMap</c>: exactly one of <c>secret</c> and <c>configMap</c>.</summary>
    public static KeyReference? SecretOrConfigMap(JsonFields owner, string name)
    {
        if (owner.Object(name) is not { } value)
        {
            return null;
        }
        var secret = value.Object("secret");
        var configMap = value.Object("configMap");
        if (secret is not null && configMap is not null)
        {
            throw new CustomResourceException($"{value.Path}: secret and configMap cannot both be set");
        }
        return secret is { } s ? KeyRef(s, KeySource.Secret) : configMap is { } c ? KeyRef(c, KeySource.ConfigMap) : null;
    }

    /// <summary>
    /// Refuses the spec fields whose effect OrleansScrape cannot give: a scrape class (none exist
    /// here, and upstream rejects a resource naming an unknown class).
    /// </summary>
    public static void RefuseUnsupportedSpecFields(JsonFields spec)
    {
        if (spec.String("scrapeClass") is { Length: > 0 } scrapeClass)
        {
            throw new CustomResourceException($"{spec.Qualified("scrapeClass")}: scrape class \"{scrapeClass}\" not found (OrleansScrape has no scrape classes)");
        }
    }

    public static MonitorHttpSettings Http(JsonFields owner, string tlsField = "tlsConfig")
    {
        // Proxy settings beyond proxyUrl would change where requests go; refuse them rather than ignore them.
        foreach (var proxyField in new[] { "noProxy", "proxyFromEnvironment", "proxyConnectHeader" })
        {
            if (owner.Has(proxyField))
            {
                throw new CustomResourceException($"{owner.Qualified(proxyField)} is not supported by OrleansScrape (proxyUrl is)");
            }
        }
        var basicAuth = owner.Object("basicAuth") is { } basic
            ? new BasicAuthReference(SecretKey(basic, "username"), SecretKey(basic, "password"))
            : null;
        var authorization = owner.Object("authorization") is { } auth
            ? new AuthorizationReference(auth.String("type"), SecretKey(auth, "credentials"))
            : null;
        return new MonitorHttpSettings
        {
            BasicAuth = basicAuth,
            BearerTokenSecret = SecretKey(owner, "bearerTokenSecret"),
            BearerTokenFile = owner.String("bearerTokenFile") is { Length: > 0 } file ? file : null,
            Authorization = authorization,
            Tls = owner.Object(tlsField) is { } tls ? Tls(tls) : null,
            ProxyUrl = owner.String("proxyUrl") is { Length: > 0 } proxy ? proxy : null,
            FollowRedirects = owner.Bool("followRedirects"),
            EnableHttp2 = owner.Bool("enableHttp2"),
            HasOAuth2 = owner.Has("oauth2"),
        };
    }

    private static TlsReference Tls(JsonFields tls) => new()
    {
        Ca = SecretOrConfigMap(tls, "ca"),
        Cert = SecretOrConfigMap(tls, "cert"),
        KeySecret = SecretKey(tls, "keySecret"),
        CaFile = tls.String("caFile") is { Length: > 0 } caFile ? caFile : null,
        CertFile = tls.String("certFile") is { Length: > 0 } certFile ? certFile : null,
        KeyFile = tls.String("keyFile") is { Length: > 0 } keyFile ? keyFile : null,
        ServerName = tls.String("serverName") is { Length: > 0 } serverName ? serverName : null,
        InsecureSkipVerify = tls.Bool("insecureSkipVerify") ?? false,
        MinVersion = tls.String("minVersion"),
        MaxVersion = tls.String("maxVersion"),
    };

    private static KeyReference? KeyRef(JsonFields selector, KeySource source)
    {
        if (IsUnset(selector))
        {
            return null;
        }
        var name = selector.String("name") ?? "";
        if (name.Length == 0)
        {
            throw new CustomResourceException($"{selector.Qualified("name")} is missing");
        }
        var key = selector.String("key");
        if (string.IsNullOrEmpty(key))
        {
            throw new CustomResourceException($"{selector.Qualified("key")} is missing");
        }
        return new KeyReference(source, name, key, selector.Bool("optional") ?? false);
    }
}
