using System.Text.Json;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>What the ingress role needs of a <c>networking.k8s.io/v1</c> Ingress.</summary>
public sealed record IngressInfo(ObjectMetadata Metadata, string? ClassName, string[] TlsHosts, IngressRule[] Rules)
{
    public static IngressInfo Project(JsonElement ingress, MetadataFilter filter, StringPool pool)
    {
        var spec = Json.Object(ingress, "spec");
        var tlsHosts = Json.Array(spec, "tls").SelectMany(t => Json.Array(t, "hosts")).Where(h => h.ValueKind == JsonValueKind.String).Select(h => h.GetString()!).ToArray();
        var rules = Json.Array(spec, "rules").Select(r =>
        {
            var http = Json.Object(r, "http");
            // Prometheus: a rule without http has the path "/", an empty path is "/".
            string[] paths = http.ValueKind == JsonValueKind.Object
                ? Json.Array(http, "paths").Select(p => Json.String(p, "path") is { Length: > 0 } path ? path : "/").ToArray()
                : ["/"];
            return new IngressRule(Json.String(r, "host"), paths);
        }).ToArray();
        return new IngressInfo(ObjectMetadata.Read(ingress, "ingress", filter, pool), Json.StringOrNull(spec, "ingressClassName") is { } c ? pool.Get(c) : null, tlsHosts, rules);
    }
}

public sealed record IngressRule(string Host, string[] Paths);
