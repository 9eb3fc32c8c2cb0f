using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary>
/// The identity of a stream as the upstream processor defines it (resource, scope, metric name,
/// unit, type, monotonicity, point attributes and start time), folded into a 128-bit hash so
/// that state needs no copy of the labels. Attribute order does not matter.
/// </summary>
internal static class SeriesIdentity
{
    /// <param name="hash">A hasher to reuse; it is reset here, so one per processor saves an allocation per point.</param>
    public static UInt128 Of(XxHash128 hash, MetricBatch batch, in MetricDescriptor metric, in NumberPoint point, ulong resourceHash)
    {
        hash.Reset();
        Span<byte> header = stackalloc byte[8 + 8 + 3];
        MemoryMarshal.Write(header, resourceHash);
        MemoryMarshal.Write(header[8..], point.StartTimeUnixNano);
        header[16] = (byte)metric.Type;
        header[17] = metric.IsMonotonic ? (byte)1 : (byte)0;
        header[18] = (byte)metric.Temporality;
        hash.Append(header);
        AppendString(hash, metric.Name);
        AppendString(hash, metric.Unit);
        var scope = batch.Scopes[metric.ScopeIndex];
        AppendString(hash, scope.Name);
        AppendString(hash, scope.Version);

        var attributes = batch.AttributesOf(point);
        if (IsSortedByKey(attributes))
        {
            foreach (var attribute in attributes)
            {
                AppendString(hash, attribute.Key);
                AppendString(hash, attribute.Value);
            }
        }
        else
        {
            var sorted = attributes.ToArray();
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (var attribute in sorted)
            {
                AppendString(hash, attribute.Key);
                AppendString(hash, attribute.Value);
            }
        }
        return hash.GetCurrentHashAsUInt128();
    }

    public static ulong OfResource(ReadOnlySpan<Attribute> attributes)
    {
        var sorted = attributes.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var hash = new XxHash64();
        foreach (var attribute in sorted)
        {
            AppendString(hash, attribute.Key);
            AppendString(hash, attribute.Value);
        }
        return hash.GetCurrentHashAsUInt64();
    }

    private static bool IsSortedByKey(ReadOnlySpan<Attribute> attributes)
    {
        for (var i = 1; i < attributes.Length; i++)
        {
            if (string.CompareOrdinal(attributes[i - 1].Key, attributes[i].Key) > 0)
            {
                return false;
            }
        }
        return true;
    }

    // Length-prefixed UTF-16 code units: unambiguous and free of an encoding pass.
    private static void AppendString(NonCryptographicHashAlgorithm hash, string value)
    {
        Span<byte> length = stackalloc byte[4];
        MemoryMarshal.Write(length, value.Length);
        hash.Append(length);
        hash.Append(MemoryMarshal.AsBytes(value.AsSpan()));
    }
}
