using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans;
using Orleans.Runtime;

namespace OrleansScrape.Hosting.Clustering;

/// <summary>
/// The custom resources the membership table is kept in: one namespaced <c>OrleansSilo</c> per silo and one
/// <c>OrleansClusterVersion</c> per cluster (group <c>orleansscrape.io</c>, version <c>v1</c>), their names and the
/// mapping between a <see cref="MembershipEntry"/> and an object's <c>spec</c>.
/// </summary>
public static class MembershipResources
{
    public const string Group = "orleansscrape.io";
    public const string Version = "v1";
    public const string ApiVersion = Group + "/" + Version;
    public const string SiloKind = "OrleansSilo";
    public const string SiloPlural = "orleanssilos";
    public const string ClusterVersionKind = "OrleansClusterVersion";
    public const string ClusterVersionPlural = "orleansclusterversions";

    /// <summary>Label every object of one cluster carries (its value is <see cref="ClusterName"/>), for listing a cluster's silos.</summary>
    public const string ClusterLabel = Group + "/cluster";

    /// <summary>
    /// The cluster's object name and label value: the cluster id reduced to DNS characters (at most 40) and 8 hex
    /// digits of its SHA-256, so ids that reduce alike still differ. Always a valid name and label value.
    /// </summary>
    public static string ClusterName(string clusterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        var reduced = Reduce(clusterId, 40);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clusterId)))[..8];
        return reduced.Length == 0 ? $"cluster-{hash}" : $"{reduced}-{hash}";
    }

    /// <summary>The silo's object name: the cluster's name, the address's host, port and generation.</summary>
    public static string SiloName(string clusterId, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var host = Reduce(silo.Endpoint.Address.ToString(), 100);
        return $"{ClusterName(clusterId)}-{host}-{silo.Endpoint.Port}-{silo.Generation.ToString(CultureInfo.InvariantCulture).Replace('-', 'n')}";
    }

    public static string SilosPath(string @namespace) => $"/apis/{Group}/{Version}/namespaces/{Uri.EscapeDataString(@namespace)}/{SiloPlural}";

    public static string ClusterVersionsPath(string @namespace) => $"/apis/{Group}/{Version}/namespaces/{Uri.EscapeDataString(@namespace)}/{ClusterVersionPlural}";

    /// <summary>The <c>spec</c> of an <c>OrleansSilo</c> for <paramref name="entry"/>; <paramref name="etag"/> is the row's etag.</summary>
    public static JsonObject SiloSpec(string clusterId, MembershipEntry entry, string etag)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var suspects = new JsonArray();
        foreach (var (suspecter, time) in entry.SuspectTimes ?? [])
        {
            suspects.Add(new JsonObject { ["silo"] = suspecter.ToParsableString(), ["time"] = Time(time) });
        }
        return new JsonObject
        {
            ["clusterId"] = clusterId,
            ["address"] = entry.SiloAddress.ToParsableString(),
            ["status"] = entry.Status.ToString(),
            ["proxyPort"] = entry.ProxyPort,
            ["hostName"] = entry.HostName,
            ["siloName"] = entry.SiloName,
            ["roleName"] = entry.RoleName,
            ["updateZone"] = entry.UpdateZone,
            ["faultZone"] = entry.FaultZone,
            ["startTime"] = Time(entry.StartTime),
            ["iAmAliveTime"] = Time(entry.IAmAliveTime),
            ["suspectTimes"] = suspects,
            ["etag"] = etag,
        };
    }

    /// <summary>The entry an <c>OrleansSilo</c> object describes and its row etag.</summary>
    /// <exception cref="FormatException">The object's spec is not one this table wrote.</exception>
    public static (MembershipEntry Entry, string ETag) ReadSilo(JsonElement obj)
    {
        if (!obj.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the OrleansSilo object has no spec");
        }
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(String(spec, "address") ?? throw new FormatException("the OrleansSilo spec has no address")),
            Status = Enum.Parse<SiloStatus>(String(spec, "status") ?? nameof(SiloStatus.None)),
            ProxyPort = spec.TryGetProperty("proxyPort", out var proxy) && proxy.ValueKind == JsonValueKind.Number ? proxy.GetInt32() : 0,
            HostName = String(spec, "hostName") ?? "",
            SiloName = String(spec, "siloName") ?? "",
            RoleName = String(spec, "roleName"),
            UpdateZone = spec.TryGetProperty("updateZone", out var update) && update.ValueKind == JsonValueKind.Number ? update.GetInt32() : 0,
            FaultZone = spec.TryGetProperty("faultZone", out var fault) && fault.ValueKind == JsonValueKind.Number ? fault.GetInt32() : 0,
            StartTime = Time(String(spec, "startTime")),
            IAmAliveTime = Time(String(spec, "iAmAliveTime")),
            SuspectTimes = [],
        };
        if (spec.TryGetProperty("suspectTimes", out var suspects) && suspects.ValueKind == JsonValueKind.Array)
        {
            foreach (var suspect in suspects.EnumerateArray())
            {
                entry.SuspectTimes.Add(Tuple.Create(SiloAddress.FromParsableString(String(suspect, "silo") ?? throw new FormatException("a suspect time has no silo")), Time(String(suspect, "time"))));
            }
        }
        return (entry, String(spec, "etag") ?? "");
    }

    /// <summary>The object's <c>metadata.resourceVersion</c>.</summary>
    public static string ResourceVersion(JsonElement obj) =>
        obj.TryGetProperty("metadata", out var metadata) ? String(metadata, "resourceVersion") ?? "" : "";

    internal static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Time(DateTime time) => DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : time.Kind).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTime Time(string? text) =>
        string.IsNullOrEmpty(text) ? default : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    // Lower-case letters and digits kept, anything else a '-', never two in a row nor at either end.
    private static string Reduce(string text, int max)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max));
        foreach (var c in text.ToLowerInvariant())
        {
            if (builder.Length == max)
            {
                break;
            }
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        return builder.ToString().TrimEnd('-');
    }
}
