using OrleansScrape.Abstractions.Grains;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Grains.Discovery;

namespace OrleansScrape.Hosting.TargetAllocator;

/// <summary>
/// Reads every configured discovery shard's grain at once and combines the answers, so the Target
/// Allocator API, the targets page and readiness describe the whole cluster whatever the shard layout.
/// </summary>
public sealed class ShardedDiscovery
{
    private readonly IGrainFactory _grains;
    private readonly DiscoveryShardLayout _shards;

    public ShardedDiscovery(IGrainFactory grains, DiscoveryShardLayout shards)
    {
        _grains = grains;
        _shards = shards;
    }

    /// <summary>The targets of all shards (disjoint by construction), with their grains' status.</summary>
    public async Task<IReadOnlyList<TargetAssignment>> AssignmentsAsync() =>
        (await Task.WhenAll(_shards.Names.Select(s => Grain(s).GetAssignments()))).SelectMany(a => a).ToList();

    /// <summary>Each shard's status, in the layout's order (default first).</summary>
    public async Task<IReadOnlyList<(string Shard, DiscoveryStatus Status)>> StatusesAsync()
    {
        var statuses = await Task.WhenAll(_shards.Names.Select(s => Grain(s).GetStatus()));
        return _shards.Names.Select((s, i) => (s, statuses[i])).ToList();
    }

    /// <summary>One status for all shards: loaded when every shard is, counts summed, errors prefixed with their shard when there are several.</summary>
    public async Task<DiscoveryStatus> StatusAsync() => Combine(await StatusesAsync());

    /// <summary>
    /// Every job once, by job name. All shards run all jobs; a job only one shard has adopted yet (a custom resource
    /// that just appeared) is shown too. The default shard's rendering wins.
    /// </summary>
    public async Task<IReadOnlyList<RenderedScrapeConfig>> ScrapeConfigsAsync()
    {
        var perShard = await Task.WhenAll(_shards.Names.Select(s => Grain(s).GetScrapeConfigs()));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return perShard.SelectMany(c => c).Where(c => seen.Add(c.JobName)).ToList();
    }

    public static DiscoveryStatus Combine(IReadOnlyList<(string Shard, DiscoveryStatus Status)> statuses)
    {
        var errors = statuses.Where(s => s.Status.LastError is not null)
            .Select(s => statuses.Count == 1 ? s.Status.LastError! : $"shard {s.Shard}: {s.Status.LastError}").ToList();
        return new DiscoveryStatus
        {
            Loaded = statuses.All(s => s.Status.Loaded),
            Targets = statuses.Sum(s => s.Status.Targets),
            DroppedTargets = statuses.Sum(s => s.Status.DroppedTargets),
            TargetKeys = statuses.SelectMany(s => s.Status.TargetKeys).Order(StringComparer.Ordinal).ToList(),
            LastSync = statuses.Select(s => s.Status.LastSync).Min(),
            LastError = errors.Count == 0 ? null : string.Join("; ", errors),
        };
    }

    private IDiscoveryGrain Grain(string shard) => _grains.GetGrain<IDiscoveryGrain>(shard);
}
