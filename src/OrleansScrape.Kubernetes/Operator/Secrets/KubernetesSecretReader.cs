using System.Text;
using System.Text.Json;
using OrleansScrape.Kubernetes.Api;

namespace OrleansScrape.Kubernetes.Operator.Secrets;

/// <summary>Reads Secrets and ConfigMaps with GETs on the API server; a Secret's base64 <c>data</c> is decoded as UTF-8.</summary>
public sealed class KubernetesSecretReader(KubernetesApiClient client) : ISecretReader
{
    public async Task<IReadOnlyDictionary<string, string>?> ReadSecretAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var secret = await client.GetAsync(ObjectPath(@namespace, "secrets", name), cancellationToken).ConfigureAwait(false);
        if (secret is not { } json)
        {
            return null;
        }
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        AddEntries(json, "data", base64: true, data, $"secret {@namespace}/{name}");
        return data;
    }

    public async Task<IReadOnlyDictionary<string, string>?> ReadConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var configMap = await client.GetAsync(ObjectPath(@namespace, "configmaps", name), cancellationToken).ConfigureAwait(false);
        if (configMap is not { } json)
        {
            return null;
        }
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        AddEntries(json, "data", base64: false, data, $"configmap {@namespace}/{name}");
        AddEntries(json, "binaryData", base64: true, data, $"configmap {@namespace}/{name}");
        return data;
    }

    private static string ObjectPath(string @namespace, string collection, string name) =>
        $"/api/v1/namespaces/{Uri.EscapeDataString(@namespace)}/{collection}/{Uri.EscapeDataString(name)}";

    private static void AddEntries(JsonElement obj, string field, bool base64, Dictionary<string, string> into, string what)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(field, out var entries) || entries.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var entry in entries.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                continue;
            }
            var text = entry.Value.GetString()!;
            if (!base64)
            {
                into[entry.Name] = text;
                continue;
            }
            try
            {
                into[entry.Name] = Encoding.UTF8.GetString(Convert.FromBase64String(text));
            }
            catch (FormatException)
            {
                throw new InvalidDataException($"{what}: {field}.{entry.Name} is not valid base64");
            }
        }
    }
}
