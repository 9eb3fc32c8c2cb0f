using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace OrleansScrape.Grains.Placement;

/// <summary>
/// Places a grain on one of the compatible silos whose role serves <see cref="RequiredRole"/>,
/// chosen by rendezvous hashing of the grain id over those silos' endpoints. Never falls back to
/// a silo of another role: with none available the activation fails with a clear message.
/// A director that <see cref="FollowsPlacementHint"/> first takes the silo named by the
/// request's placement hint (<see cref="IPlacementDirector.PlacementHintKey"/>) if it is one of
/// those candidates: that is how the discovery grain's allocation plan reaches new activations
/// and migrations.
/// </summary>
public abstract class RolePlacementDirector : IPlacementDirector
{
    private readonly ISiloMetadataCache _metadata;

    protected RolePlacementDirector(ISiloMetadataCache metadata)
    {
        _metadata = metadata;
    }

    protected abstract string RequiredRole { get; }

    /// <summary>Whether a placement hint in the request context decides among the role's silos.</summary>
    protected virtual bool FollowsPlacementHint => false;

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var candidates = new List<SiloAddress>();
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            var metadata = _metadata.GetSiloMetadata(silo).Metadata;
            metadata.TryGetValue(SiloRole.MetadataKey, out var role);
            if (SiloRole.Serves(role, RequiredRole))
            {
                candidates.Add(silo);
            }
        }

        if (candidates.Count == 0)
        {
            throw new OrleansException(
                $"Cannot place {target.GrainIdentity}: no active silo has role '{RequiredRole}' or '{SiloRole.All}'. " +
                $"Start at least one silo with orleans.role: {RequiredRole} (or {SiloRole.All}).");
        }

        if (FollowsPlacementHint && IPlacementDirector.GetPlacementHint(target.RequestContextData, [.. candidates]) is { } hinted)
        {
            return Task.FromResult(hinted);
        }

        // The endpoint, not the full silo address: a silo restarted on the same endpoint keeps its keys.
        var names = candidates.Select(s => s.Endpoint.ToString()).ToList();
        var chosen = RendezvousHash.Choose(target.GrainIdentity.ToString(), names);
        return Task.FromResult(candidates[chosen]);
    }
}
