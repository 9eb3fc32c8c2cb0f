using System.Text.RegularExpressions;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// The service discovery kinds a build reads and runs, by name and by key (<c>&lt;name&gt;_sd_configs</c>). The
/// configuration reader asks it for every <c>*_sd_configs</c> key of a scrape config, discovery runs each entry
/// through its kind, and <c>/scrape_configs</c> shows the lists in the registry's order.
/// </summary>
/// <remarks>
/// Adding a kind: write one <see cref="ServiceDiscoveryKind{TConfig}"/> beside its config and discoverer (its name,
/// reader, discoverer factory, rendering, and whether it is per namespace), and add its instance to the list of
/// <see cref="Default"/> (one line). A kind whose discoverer lives in a library that references this one creates it
/// through an <see cref="IDiscovererFactory{TConfig}"/> that library provides (see <see cref="KubernetesSdKind"/>).
/// Details: <c>README.md</c> in this folder.
/// </remarks>
public sealed partial class DiscoveryKindRegistry
{
    public const string KeySuffix = "_sd_configs";

    /// <summary>Every kind this build runs, in Prometheus's order of <c>/scrape_configs</c> lists.</summary>
    public static DiscoveryKindRegistry Default { get; } = new(
    [
        FileSdKind.Instance,
        HttpSdKind.Instance,
        KubernetesSdKind.Instance,
    ]);

    private readonly List<IServiceDiscoveryKind> _kinds = [];
    private readonly Dictionary<string, IServiceDiscoveryKind> _byKey = new(StringComparer.Ordinal);

    public DiscoveryKindRegistry(IEnumerable<IServiceDiscoveryKind> kinds)
    {
        foreach (var kind in kinds)
        {
            if (!KindName().IsMatch(kind.Name))
            {
                throw new ArgumentException($"\"{kind.Name}\" is not a service discovery name: lower-case letters and digits, starting with a letter.", nameof(kinds));
            }
            if (kind.Key != KeyOf(kind.Name))
            {
                throw new ArgumentException($"The key of service discovery \"{kind.Name}\" must be {KeyOf(kind.Name)}, not {kind.Key}.", nameof(kinds));
            }
            if (!_byKey.TryAdd(kind.Key, kind))
            {
                throw new ArgumentException($"Two service discovery kinds are named \"{kind.Name}\".", nameof(kinds));
            }
            _kinds.Add(kind);
        }
    }

    public IReadOnlyList<IServiceDiscoveryKind> Kinds => _kinds;

    /// <summary>The scrape config key of a kind's entries.</summary>
    public static string KeyOf(string name) => name + KeySuffix;

    /// <summary>Whether a scrape config key names a service discovery list, known or not.</summary>
    public static bool IsDiscoveryKey(string key) => key.EndsWith(KeySuffix, StringComparison.Ordinal) && key.Length > KeySuffix.Length;

    /// <summary>The kind whose entries a key holds, or null.</summary>
    public IServiceDiscoveryKind? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>This registry with one more kind after the others.</summary>
    public DiscoveryKindRegistry With(IServiceDiscoveryKind kind) => new([.. _kinds, kind]);

    /// <summary>The position of a kind in the registry's order; unknown kinds after every known one.</summary>
    public int OrderOf(IServiceDiscoveryKind kind)
    {
        var index = _kinds.IndexOf(kind);
        return index < 0 ? _kinds.Count : index;
    }

    /// <summary>The keys this registry reads, for messages: <c>file_sd_configs, http_sd_configs, ...</c>.</summary>
    public string Supported => string.Join(", ", _kinds.Select(k => k.Key));

    [GeneratedRegex("^[a-z][a-z0-9]*$")]
    private static partial Regex KindName();
}
