using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans;
using Orleans.Runtime;
using OrleansScrape.Kubernetes.Api;

namespace OrleansScrape.Hosting.Clustering;

/// <summary>
/// Orleans' membership table kept in the Kubernetes API: one <c>OrleansSilo</c> object per silo and one
/// <c>OrleansClusterVersion</c> object per cluster (see <see cref="MembershipResources"/>), in one namespace.
/// </summary>
/// <remarks>
/// The table version's etag is the version object's <c>metadata.resourceVersion</c>. Every InsertRow and UpdateRow
/// first replaces the version object with the expected resourceVersion (the API server answers 409 Conflict when it
/// is stale), so of the writers that read one table version exactly one proceeds; only then is the silo object
/// created (409 AlreadyExists: the silo has a row already) or replaced. A row's etag is a token in its spec that
/// changes with every InsertRow/UpdateRow but not with a heartbeat, so UpdateIAmAlive never invalidates an etag a
/// silo has read; the row itself is replaced with its own resourceVersion and re-read when a heartbeat raced it.
/// The API has no transactions across objects: a write that loses after its version replace has advanced the
/// version without changing a row, which only makes the other writers re-read. Reads take the version before and
/// after the rows and retry while it moves.
/// </remarks>
public sealed class KubernetesMembershipTable : IMembershipTable, IDisposable
{
    private const int ReadAttempts = 5;
    private const int WriteAttempts = 10;

    private readonly KubernetesApiClient _client;
    private readonly string _clusterId;
    private readonly string _namespace;
    private readonly string _silos;
    private readonly string _versions;
    private readonly bool _ownsClient;

    /// <param name="client">The API server connection.</param>
    /// <param name="clusterId">Orleans' cluster id: the table holds this cluster's silos only.</param>
    /// <param name="namespace">The namespace the objects are kept in.</param>
    /// <param name="ownsClient">Whether disposing the table disposes <paramref name="client"/>.</param>
    public KubernetesMembershipTable(KubernetesApiClient client, string clusterId, string @namespace, bool ownsClient = false)
    {
        _ownsClient = ownsClient;
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        _client = client;
        _clusterId = clusterId;
        _namespace = @namespace;
        _silos = MembershipResources.SilosPath(@namespace);
        _versions = MembershipResources.ClusterVersionsPath(@namespace);
    }

    /// <summary>The namespace the table's objects are kept in.</summary>
    public string Namespace => _namespace;

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private string VersionPath(string clusterId) => $"{_versions}/{MembershipResources.ClusterName(clusterId)}";

    private string SiloPath(SiloAddress silo) => $"{_silos}/{MembershipResources.SiloName(_clusterId, silo)}";

    /// <summary>Creates the cluster's version object at version 0 when asked to and it does not exist yet.</summary>
    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        if (!tryInitTableVersion)
        {
            return;
        }
        var response = await _client.SendJsonAsync(HttpMethod.Post, _versions, VersionObject(_clusterId, 0, resourceVersion: null), CancellationToken.None).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            response.EnsureSuccess();
        }
    }

    /// <summary>Deletes every silo object and the version object of <paramref name="clusterId"/>.</summary>
    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        foreach (var silo in await ListSilosAsync(clusterId).ConfigureAwait(false))
        {
            await DeleteAsync($"{_silos}/{Name(silo)}", resourceVersion: null).ConfigureAwait(false);
        }
        await DeleteAsync(VersionPath(clusterId), resourceVersion: null).ConfigureAwait(false);
    }

    /// <summary>Deletes the rows of dead silos last updated before <paramref name="beforeDate"/>; a row changed since it was listed stays.</summary>
    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        foreach (var silo in await ListSilosAsync(_clusterId).ConfigureAwait(false))
        {
            var (entry, _) = MembershipResources.ReadSilo(silo);
            if (entry.Status == SiloStatus.Dead && LastUpdate(entry) < beforeDate)
            {
                await DeleteAsync($"{_silos}/{Name(silo)}", MembershipResources.ResourceVersion(silo)).ConfigureAwait(false);
            }
        }
    }

    public async Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var path = SiloPath(key);
        return await ConsistentReadAsync(async () =>
        {
            var silo = await _client.GetAsync(path, CancellationToken.None).ConfigureAwait(false);
            return silo is { } s ? [s] : [];
        }).ConfigureAwait(false);
    }

    public Task<MembershipTableData> ReadAll() => ConsistentReadAsync(() => ListSilosAsync(_clusterId));

    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!await ReplaceVersionAsync(tableVersion).ConfigureAwait(false))
        {
            return false;
        }
        var response = await _client.SendJsonAsync(HttpMethod.Post, _silos, SiloObject(entry, NewETag(), resourceVersion: null), CancellationToken.None).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
        response.EnsureSuccess();
        return true;
    }

    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!await ReplaceVersionAsync(tableVersion).ConfigureAwait(false))
        {
            return false;
        }
        var path = SiloPath(entry.SiloAddress);
        var newETag = NewETag();
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            if (await _client.GetAsync(path, CancellationToken.None).ConfigureAwait(false) is not { } current)
            {
                return false;
            }
            var (stored, storedETag) = MembershipResources.ReadSilo(current);
            if (storedETag != etag)
            {
                return false;
            }
            // A heartbeat written since the caller read the row is newer than the one it hands back: keep it.
            var written = entry.IAmAliveTime >= stored.IAmAliveTime ? entry : WithIAmAlive(entry, stored.IAmAliveTime);
            var response = await _client.SendJsonAsync(HttpMethod.Put, path, SiloObject(written, newETag, MembershipResources.ResourceVersion(current)), CancellationToken.None).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                continue;
            }
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            response.EnsureSuccess();
            return true;
        }
        return false;
    }

    /// <summary>Writes the entry's IAmAliveTime into its row, keeping the row's other fields, its etag and the table version.</summary>
    /// <exception cref="KubernetesApiException">The silo has no row (404), or the API server fails.</exception>
    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = SiloPath(entry.SiloAddress);
        for (var attempt = 0; ; attempt++)
        {
            var current = await _client.GetAsync(path, CancellationToken.None).ConfigureAwait(false)
                ?? throw new KubernetesApiException(HttpStatusCode.NotFound, $"the membership table has no row for {entry.SiloAddress}");
            var (stored, storedETag) = MembershipResources.ReadSilo(current);
            var response = await _client.SendJsonAsync(HttpMethod.Put, path, SiloObject(WithIAmAlive(stored, entry.IAmAliveTime), storedETag, MembershipResources.ResourceVersion(current)), CancellationToken.None).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == WriteAttempts - 1)
            {
                response.EnsureSuccess();
                return;
            }
        }
    }

    // Replaces the version object if it is still at the version the caller read: false when another writer was first.
    private async Task<bool> ReplaceVersionAsync(TableVersion tableVersion)
    {
        if (string.IsNullOrEmpty(tableVersion.VersionEtag))
        {
            return false;
        }
        var response = await _client.SendJsonAsync(HttpMethod.Put, VersionPath(_clusterId), VersionObject(_clusterId, tableVersion.Version, tableVersion.VersionEtag), CancellationToken.None).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }
        response.EnsureSuccess();
        return true;
    }

    private async Task<MembershipTableData> ConsistentReadAsync(Func<Task<IReadOnlyList<JsonElement>>> readSilos)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = await ReadVersionAsync().ConfigureAwait(false);
            var silos = await readSilos().ConfigureAwait(false);
            var after = await ReadVersionAsync().ConfigureAwait(false);
            if (before == after || attempt == ReadAttempts - 1)
            {
                var rows = silos.Select(s => MembershipResources.ReadSilo(s)).Select(r => Tuple.Create(r.Entry, r.ETag)).ToList();
                return new MembershipTableData(rows, after);
            }
        }
    }

    private async Task<TableVersion> ReadVersionAsync()
    {
        if (await _client.GetAsync(VersionPath(_clusterId), CancellationToken.None).ConfigureAwait(false) is not { } version)
        {
            // No version object (the table was never initialized, or was deleted): version 0 that no write can match.
            return new TableVersion(0, "");
        }
        var number = version.TryGetProperty("spec", out var spec) && spec.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
        return new TableVersion(number, MembershipResources.ResourceVersion(version));
    }

    private async Task<IReadOnlyList<JsonElement>> ListSilosAsync(string clusterId)
    {
        var selector = Uri.EscapeDataString($"{MembershipResources.ClusterLabel}={MembershipResources.ClusterName(clusterId)}");
        var list = await _client.GetAsync($"{_silos}?labelSelector={selector}", CancellationToken.None).ConfigureAwait(false)
            ?? throw new KubernetesApiException(HttpStatusCode.NotFound, $"{_silos} is not served: is the {MembershipResources.SiloKind} CRD installed?");
        return list.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            // The label names the cluster; the spec says it exactly (two ids could share a label only by a hash collision).
            ? items.EnumerateArray().Where(i => i.TryGetProperty("spec", out var s) && MembershipResources.String(s, "clusterId") == clusterId).ToList()
            : [];
    }

    private async Task DeleteAsync(string path, string? resourceVersion)
    {
        var body = resourceVersion is null
            ? null
            : new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["preconditions"] = new JsonObject { ["resourceVersion"] = resourceVersion } }.ToJsonString();
        var response = await _client.SendJsonAsync(HttpMethod.Delete, path, body, CancellationToken.None).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Conflict))
        {
            response.EnsureSuccess();
        }
    }

    private string SiloObject(MembershipEntry entry, string etag, string? resourceVersion) => new JsonObject
    {
        ["apiVersion"] = MembershipResources.ApiVersion,
        ["kind"] = MembershipResources.SiloKind,
        ["metadata"] = Metadata(MembershipResources.SiloName(_clusterId, entry.SiloAddress), resourceVersion),
        ["spec"] = MembershipResources.SiloSpec(_clusterId, entry, etag),
    }.ToJsonString();

    private string VersionObject(string clusterId, int version, string? resourceVersion) => new JsonObject
    {
        ["apiVersion"] = MembershipResources.ApiVersion,
        ["kind"] = MembershipResources.ClusterVersionKind,
        ["metadata"] = Metadata(MembershipResources.ClusterName(clusterId), resourceVersion),
        ["spec"] = new JsonObject { ["clusterId"] = clusterId, ["version"] = version },
    }.ToJsonString();

    private JsonObject Metadata(string name, string? resourceVersion)
    {
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = _namespace,
            ["labels"] = new JsonObject { [MembershipResources.ClusterLabel] = MembershipResources.ClusterName(_clusterId) },
        };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        return metadata;
    }

    private static string Name(JsonElement obj) => MembershipResources.String(obj.GetProperty("metadata"), "name") ?? throw new FormatException("an object without metadata.name");

    // The row's last known update: the later of its heartbeat (its start when it never beat) and its newest suspicion vote.
    private static DateTimeOffset LastUpdate(MembershipEntry entry)
    {
        var latest = entry.IAmAliveTime > entry.StartTime ? entry.IAmAliveTime : entry.StartTime;
        foreach (var (_, vote) in entry.SuspectTimes ?? [])
        {
            latest = vote > latest ? vote : latest;
        }
        return new DateTimeOffset(DateTime.SpecifyKind(latest, DateTimeKind.Utc));
    }

    private static string NewETag() => Guid.NewGuid().ToString("N");

    private static MembershipEntry WithIAmAlive(MembershipEntry entry, DateTime iAmAlive) => new()
    {
        SiloAddress = entry.SiloAddress,
        Status = entry.Status,
        SuspectTimes = entry.SuspectTimes,
        ProxyPort = entry.ProxyPort,
        HostName = entry.HostName,
        SiloName = entry.SiloName,
        RoleName = entry.RoleName,
        UpdateZone = entry.UpdateZone,
        FaultZone = entry.FaultZone,
        StartTime = entry.StartTime,
        IAmAliveTime = iAmAlive,
    };
}
