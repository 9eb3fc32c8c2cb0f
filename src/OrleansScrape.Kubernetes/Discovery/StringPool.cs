using System.Collections.Concurrent;

namespace OrleansScrape.Kubernetes.Discovery;

/// <summary>
/// Shares one instance of strings that repeat across many objects (label keys and values, node names, images), so
/// 20,000 pods of one Deployment hold one copy of <c>app=web</c>. Unlike <see cref="string.Intern"/> it can be dropped.
/// </summary>
public sealed class StringPool
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    public int Count => _strings.Count;

    public string Get(string value) => value.Length == 0 ? "" : _strings.GetOrAdd(value, value);
}
