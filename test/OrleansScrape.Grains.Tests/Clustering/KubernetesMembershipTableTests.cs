using System.Net;
using Orleans;
using Orleans.Runtime;
using OrleansScrape.Kubernetes.Api;
using OrleansScrape.Hosting.Clustering;
using OrleansScrape.Testing;

namespace OrleansScrape.Grains.Tests.Clustering;

public sealed class KubernetesMembershipTableTests : IAsyncLifetime
{
    private const string Namespace = "scrape";
    private static readonly DateTime Start = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
    private FakeKubernetesApiServer _server = null!;
    private KubernetesApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _client = new KubernetesApiClient(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private KubernetesMembershipTable Table(string clusterId = "Cluster_A") => new(_client, clusterId, Namespace);

    private static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Joining, DateTime? iAmAlive = null) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 7),
        Status = status,
        ProxyPort = port + 1000,
        HostName = "host",
        SiloName = $"silo-{port}",
        RoleName = "scraper",
        UpdateZone = 2,
        FaultZone = 3,
        StartTime = Start,
        IAmAliveTime = iAmAlive ?? Start,
        SuspectTimes = [],
    };

    private static async Task<KubernetesMembershipTable> Initialized(KubernetesMembershipTable table)
    {
        await table.InitializeMembershipTable(true);
        return table;
    }

    private static async Task Insert(KubernetesMembershipTable table, MembershipEntry entry)
    {
        var data = await table.ReadAll();
        Assert.True(await table.InsertRow(entry, data.Version.Next()));
    }

    [Fact]
    public async Task An_inserted_row_reads_back_with_the_table_version_it_was_written_at()
    {
        var table = await Initialized(Table());
        var empty = await table.ReadAll();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);
        var entry = Entry(11111);
        entry.SuspectTimes!.Add(Tuple.Create(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 22222), 3), Start.AddSeconds(5)));

        Assert.True(await table.InsertRow(entry, empty.Version.Next()));

        var row = await table.ReadRow(entry.SiloAddress);
        Assert.Equal(1, row.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, row.Version.VersionEtag);
        var (read, etag) = Assert.Single(row.Members);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal(SiloStatus.Joining, read.Status);
        Assert.Equal((entry.ProxyPort, entry.HostName, entry.SiloName, entry.RoleName, entry.UpdateZone, entry.FaultZone), (read.ProxyPort, read.HostName, read.SiloName, read.RoleName, read.UpdateZone, read.FaultZone));
        Assert.Equal(Start, read.StartTime);
        Assert.Equal(Start, read.IAmAliveTime);
        var (suspecter, time) = Assert.Single(read.SuspectTimes!);
        Assert.Equal(entry.SuspectTimes![0].Item1, suspecter);
        Assert.Equal(Start.AddSeconds(5), time);
        var all = await table.ReadAll();
        Assert.Equal(row.Version, all.Version);
        Assert.Equal(entry.SiloAddress, Assert.Single(all.Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task Initializing_twice_keeps_the_table()
    {
        var table = await Initialized(Table());
        await Insert(table, Entry(11111));

        await table.InitializeMembershipTable(true);

        var data = await table.ReadAll();
        Assert.Equal(1, data.Version.Version);
        Assert.Single(data.Members);
    }

    [Fact]
    public async Task A_second_insert_of_the_same_silo_fails()
    {
        var table = await Initialized(Table());
        await Insert(table, Entry(11111));
        var data = await table.ReadAll();

        Assert.False(await table.InsertRow(Entry(11111, SiloStatus.Active), data.Version.Next()));

        var (row, _) = Assert.Single((await table.ReadAll()).Members);
        Assert.Equal(SiloStatus.Joining, row.Status);
    }

    [Fact]
    public async Task An_insert_at_a_stale_table_version_fails()
    {
        var table = await Initialized(Table());
        var stale = await table.ReadAll();
        await Insert(table, Entry(11111));

        Assert.False(await table.InsertRow(Entry(11112), stale.Version.Next()));

        Assert.Single((await table.ReadAll()).Members);
    }

    [Fact]
    public async Task Two_updates_racing_on_one_table_version_exactly_one_wins()
    {
        var table = await Initialized(Table());
        await Insert(table, Entry(11111));
        await Insert(table, Entry(11112));
        var data = await table.ReadAll();
        var first = data.Members.Single(m => m.Item1.SiloAddress.Endpoint.Port == 11111);
        var second = data.Members.Single(m => m.Item1.SiloAddress.Endpoint.Port == 11112);
        // Two tables, as two silos have: the same API server, the same table version read.
        var other = Table();

        var results = await Task.WhenAll(
            Task.Run(() => table.UpdateRow(Entry(11111, SiloStatus.Active), first.Item2, data.Version.Next())),
            Task.Run(() => other.UpdateRow(Entry(11112, SiloStatus.Active), second.Item2, data.Version.Next())));

        Assert.Single(results, r => r);
        var after = await table.ReadAll();
        Assert.Equal(data.Version.Version + 1, after.Version.Version);
        Assert.Single(after.Members, m => m.Item1.Status == SiloStatus.Active);
    }

    [Fact]
    public async Task Two_inserts_racing_on_one_table_version_exactly_one_wins()
    {
        var table = await Initialized(Table());
        var data = await table.ReadAll();
        var other = Table();

        var results = await Task.WhenAll(
            Task.Run(() => table.InsertRow(Entry(11111), data.Version.Next())),
            Task.Run(() => other.InsertRow(Entry(11112), data.Version.Next())));

        Assert.Single(results, r => r);
        Assert.Single((await table.ReadAll()).Members);
    }

    [Fact]
    public async Task An_update_with_a_stale_row_etag_fails()
    {
        var table = await Initialized(Table());
        await Insert(table, Entry(11111));
        var data = await table.ReadAll();
        var staleETag = data.Members[0].Item2;
        Assert.True(await table.UpdateRow(Entry(11111, SiloStatus.Active), staleETag, data.Version.Next()));
        var current = await table.ReadAll();

        Assert.False(await table.UpdateRow(Entry(11111, SiloStatus.ShuttingDown), staleETag, current.Version.Next()));

        Assert.Equal(SiloStatus.Active, (await table.ReadAll()).Members[0].Item1.Status);
    }

    [Fact]
    public async Task An_update_of_a_silo_without_a_row_fails()
    {
        var table = await Initialized(Table());
        var data = await table.ReadAll();

        Assert.False(await table.UpdateRow(Entry(11111, SiloStatus.Active), "no-such-etag", data.Version.Next()));

        Assert.Empty((await table.ReadAll()).Members);
    }

    [Fact]
    public async Task UpdateIAmAlive_writes_the_heartbeat_and_keeps_the_row_etag_and_the_table_version()
    {
        var table = await Initialized(Table());
        await Insert(table, Entry(11111));
        var before = await table.ReadAll();
        var (row, etag) = before.Members[0];
        var beat = Start.AddMinutes(3);

        await table.UpdateIAmAlive(Entry(11111, SiloStatus.Dead, beat));

        var after = await table.ReadAll();
        var (read, etagAfter) = Assert.Single(after.Members);
        Assert.Equal(beat, read.IAmAliveTime);
        Assert.Equal(row.Status, read.Status);
        Assert.Equal(etag, etagAfter);
        Assert.Equal(before.Version, after.Version);
        // What was read before the heartbeat can still be written, and keeps the newer heartbeat.
        Assert.True(await table.UpdateRow(Entry(11111, SiloStatus.Active), etag, before.Version.Next()));
        var updated = (await table.ReadAll()).Members[0].Item1;
        Assert.Equal(SiloStatus.Active, updated.Status);
        Assert.Equal(beat, updated.IAmAliveTime);
    }

    [Fact]
    public async Task UpdateIAmAlive_of_a_silo_without_a_row_throws_not_found()
    {
        var table = await Initialized(Table());

        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => table.UpdateIAmAlive(Entry(11111)));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_removes_dead_rows_older_than_the_cutoff()
    {
        var table = await Initialized(Table());
        await Insert(table, Entry(11111, SiloStatus.Dead, Start.AddMinutes(1)));
        await Insert(table, Entry(11112, SiloStatus.Dead, Start.AddMinutes(20)));
        await Insert(table, Entry(11113, SiloStatus.Active, Start.AddMinutes(1)));
        var recentlyDeclaredDead = Entry(11114, SiloStatus.Dead, Start.AddMinutes(1));
        recentlyDeclaredDead.SuspectTimes!.Add(Tuple.Create(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11113), 7), Start.AddMinutes(20)));
        await Insert(table, recentlyDeclaredDead);

        await table.CleanupDefunctSiloEntries(new DateTimeOffset(Start.AddMinutes(10)));

        var ports = (await table.ReadAll()).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order().ToArray();
        Assert.Equal([11112, 11113, 11114], ports);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_removes_the_clusters_objects_only()
    {
        var table = await Initialized(Table("Cluster_A"));
        var neighbour = await Initialized(Table("cluster-b"));
        await Insert(table, Entry(11111));
        await Insert(table, Entry(11112));
        await Insert(neighbour, Entry(11111));

        await table.DeleteMembershipTableEntries("Cluster_A");

        var gone = await table.ReadAll();
        Assert.Empty(gone.Members);
        Assert.Equal("", gone.Version.VersionEtag);
        Assert.Null(await _client.GetAsync($"{MembershipResources.ClusterVersionsPath(Namespace)}/{MembershipResources.ClusterName("Cluster_A")}", CancellationToken.None));
        Assert.Single((await neighbour.ReadAll()).Members);
        Assert.Equal(1, (await neighbour.ReadAll()).Version.Version);
        // Without its version object no write goes through until the table is initialized again.
        Assert.False(await table.InsertRow(Entry(11111), gone.Version.Next()));
        await table.InitializeMembershipTable(true);
        await Insert(table, Entry(11111));
    }

    [Fact]
    public async Task Object_names_are_valid_kubernetes_names()
    {
        var name = MembershipResources.SiloName("My_Cluster.ID", SiloAddress.New(new IPEndPoint(IPAddress.IPv6Loopback, 11111), 42));

        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", name);
        Assert.StartsWith("my-cluster-id-", name);
        Assert.NotEqual(MembershipResources.ClusterName("a_b"), MembershipResources.ClusterName("a-b"));
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", MembershipResources.ClusterName("___"));
    }
}
