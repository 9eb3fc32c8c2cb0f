using System.Collections.Concurrent;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Shares one instance of strings that repeat across many objects (label keys and values, node names, images, the
/// <c>__meta_*</c> names built from them), so 20,000 pods of one Deployment hold one copy of <c>app=web</c>. Unlike
/// <see cref="string.Intern"/> it goes away with its pool.
/// </summary>
public sealed class StringPool
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Prefix, string Name), string> _names = new();

    public int Count => _strings.Count + _names.Count;

    public string Get(string value) => value.Length == 0 ? "" : _strings.GetOrAdd(value, value);

    /// <summary><paramref name="prefix"/> + <paramref name="name"/>, built once per distinct pair (no allocation on a hit).</summary>
    public string Concat(string prefix, string name) => _names.GetOrAdd((prefix, name), static key => key.Prefix + key.Name);
}
