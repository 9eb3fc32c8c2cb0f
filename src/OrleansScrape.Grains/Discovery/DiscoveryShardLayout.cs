using System.Text.RegularExpressions;
using OrleansScrape.Abstractions.Grains;

namespace OrleansScrape.Grains.Discovery;

/// <summary>
/// The configured discovery shards. Every shard owns its listed namespaces; the
/// <see cref="DiscoveryShards.Default"/> shard always exists and owns every namespace no other shard
/// lists plus all discovery that is not per namespace (static, file and HTTP SD, the node role).
/// </summary>
public sealed partial class DiscoveryShardLayout
{
    /// <summary>No <c>discovery.shards</c>: the default shard owns everything.</summary>
    public static readonly DiscoveryShardLayout Single = new([]);

    private readonly Dictionary<string, ShardScope> _scopes = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The shards break a rule of <see cref="Validate"/>.</exception>
    public DiscoveryShardLayout(IReadOnlyList<DiscoveryShard> shards)
    {
        if (Validate(shards) is { } error)
        {
            throw new ArgumentException(error, nameof(shards));
        }
        var listed = shards.Where(s => s.Name != DiscoveryShards.Default).ToList();
        var excluded = listed.SelectMany(s => s.Namespaces).ToHashSet(StringComparer.Ordinal);
        _scopes[DiscoveryShards.Default] = ShardScope.ForDefault(excluded);
        foreach (var shard in listed)
        {
            _scopes[shard.Name] = ShardScope.For(shard.Namespaces);
        }
        Names = [DiscoveryShards.Default, .. listed.Select(s => s.Name)];
    }

    /// <summary>Every shard's grain key, the default shard first.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>What a shard owns; a key that is not configured owns nothing (an activation left over from an older configuration).</summary>
    public ShardScope ScopeOf(string shard) => _scopes.GetValueOrDefault(shard) ?? ShardScope.Nothing;

    /// <summary>Why these shards are not a valid layout, or null when they are.</summary>
    public static string? Validate(IReadOnlyList<DiscoveryShard> shards)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            if (!ShardName().IsMatch(shard.Name))
            {
                return $"discovery shard name \"{shard.Name}\" must be 1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit";
            }
            if (!names.Add(shard.Name))
            {
                return $"discovery shard \"{shard.Name}\" is defined twice";
            }
            if (shard.Namespaces.Count == 0 && shard.Name != DiscoveryShards.Default)
            {
                return $"discovery shard \"{shard.Name}\" lists no namespaces";
            }
            foreach (var ns in shard.Namespaces)
            {
                if (string.IsNullOrWhiteSpace(ns))
                {
                    return $"discovery shard \"{shard.Name}\" lists an empty namespace";
                }
                if (owners.TryGetValue(ns, out var owner))
                {
                    return owner == shard.Name
                        ? $"discovery shard \"{shard.Name}\" lists namespace \"{ns}\" twice"
                        : $"namespace \"{ns}\" is listed by discovery shards \"{owner}\" and \"{shard.Name}\"; a namespace belongs to at most one shard";
                }
                owners[ns] = shard.Name;
            }
        }
        return null;
    }

    // Used as a grain key, a metric label value and in logs: keep it plain.
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex ShardName();
}
