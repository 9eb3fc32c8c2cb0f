using System.Collections.Concurrent;

namespace OrleansScrape.Kubernetes.Operator.Secrets;

/// <summary>Secrets and ConfigMaps held in memory, for tests and for hosts that inject credentials themselves.</summary>
public sealed class InMemorySecretReader : ISecretReader
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _configMaps = new(StringComparer.Ordinal);

    public InMemorySecretReader SetSecret(string @namespace, string name, IReadOnlyDictionary<string, string> data)
    {
        _secrets[$"{@namespace}/{name}"] = new Dictionary<string, string>(data, StringComparer.Ordinal);
        return this;
    }

    public InMemorySecretReader SetConfigMap(string @namespace, string name, IReadOnlyDictionary<string, string> data)
    {
        _configMaps[$"{@namespace}/{name}"] = new Dictionary<string, string>(data, StringComparer.Ordinal);
        return this;
    }

    public bool RemoveSecret(string @namespace, string name) => _secrets.TryRemove($"{@namespace}/{name}", out _);

    public Task<IReadOnlyDictionary<string, string>?> ReadSecretAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        Task.FromResult(_secrets.TryGetValue($"{@namespace}/{name}", out var data) ? data : null);

    public Task<IReadOnlyDictionary<string, string>?> ReadConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        Task.FromResult(_configMaps.TryGetValue($"{@namespace}/{name}", out var data) ? data : null);
}
