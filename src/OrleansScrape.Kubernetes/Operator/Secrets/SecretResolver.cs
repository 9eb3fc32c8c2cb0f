using OrleansScrape.Kubernetes.Operator.Resources;

namespace OrleansScrape.Kubernetes.Operator.Secrets;

/// <summary>
/// Resolves <see cref="KeyReference"/>s for one translation pass: each Secret or ConfigMap is read
/// once per pass, and every object read is remembered with its content so that a later pass can
/// tell whether any credential changed.
/// </summary>
public sealed class SecretResolver(ISecretReader reader)
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>?> _read = new(StringComparer.Ordinal);

    /// <summary>Every object read in this pass ("secret:ns/name" or "configmap:ns/name") with its data, null when missing.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>?> Read => _read;

    /// <summary>The referenced value, trimmed of nothing (credentials are used as stored).</summary>
    /// <exception cref="CustomResourceException">The object or key does not exist and the reference is not optional.</exception>
    public async Task<string> ResolveAsync(string @namespace, KeyReference reference, string field, CancellationToken cancellationToken)
    {
        var kind = reference.Source == KeySource.Secret ? "secret" : "configmap";
        var cacheKey = $"{kind}:{@namespace}/{reference.Name}";
        if (!_read.TryGetValue(cacheKey, out var data))
        {
            data = reference.Source == KeySource.Secret
                ? await reader.ReadSecretAsync(@namespace, reference.Name, cancellationToken).ConfigureAwait(false)
                : await reader.ReadConfigMapAsync(@namespace, reference.Name, cancellationToken).ConfigureAwait(false);
            _read[cacheKey] = data;
        }
        if (data is null)
        {
            return reference.Optional ? "" : throw new CustomResourceException($"{field}: {kind} {@namespace}/{reference.Name} not found");
        }
        if (!data.TryGetValue(reference.Key, out var value))
        {
            return reference.Optional ? "" : throw new CustomResourceException($"{field}: key \"{reference.Key}\" not found in {kind} {@namespace}/{reference.Name}");
        }
        return value;
    }
}
