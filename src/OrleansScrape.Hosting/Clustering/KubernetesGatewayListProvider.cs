using Orleans.Messaging;
using Orleans.Runtime;

namespace OrleansScrape.Hosting.Clustering;

/// <summary>The gateways of a cluster kept in the Kubernetes API: every active silo's proxy endpoint, for Orleans clients.</summary>
public sealed class KubernetesGatewayListProvider(KubernetesMembershipTable table) : IGatewayListProvider
{
    private readonly KubernetesMembershipTable _table = table ?? throw new ArgumentNullException(nameof(table));

    public TimeSpan MaxStaleness => TimeSpan.FromSeconds(30);

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public async Task<IList<Uri>> GetGateways()
    {
        var data = await _table.ReadAll().ConfigureAwait(false);
        return data.Members
            .Select(m => m.Item1)
            .Where(e => e.Status == SiloStatus.Active && e.ProxyPort != 0)
            .Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri())
            .ToList();
    }
}
