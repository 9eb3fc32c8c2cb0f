using System.IO.Hashing;
using System.Runtime.InteropServices;
using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Processing;

/// <summary>
/// Folds the identity of a stream (resource, scope, metric name, unit, type, temporality,
/// monotonicity, point attributes and optionally the start time) into a 128-bit hash, so that
/// processor state needs no copy of the labels. Attribute order does not matter. One instance
/// per processor: the hasher and the sort buffer are reused, so hashing a point allocates nothing.
/// </summary>
internal sealed class SeriesHasher
{
    private readonly XxHash128 _hash = new();
    private Attribute[] _sortBuffer = new Attribute[16];

    public UInt128 Of(MetricBatch batch, in MetricDescriptor metric, ReadOnlySpan<Attribute> attributes, ulong resourceHash, long startTimeUnixNano)
    {
        var hash = _hash;
        hash.Reset();
        Span<byte> header = stackalloc byte[8 + 8 + 3];
        MemoryMarshal.Write(header, resourceHash);
        MemoryMarshal.Write(header[8..], startTimeUnixNano);
        header[16] = (byte)metric.Type;
        header[17] = metric.IsMonotonic ? (byte)1 : (byte)0;
        header[18] = (byte)metric.Temporality;
        hash.Append(header);
        AppendString(hash, metric.Name);
        AppendString(hash, metric.Unit);
        var scope = batch.Scopes[metric.ScopeIndex];
        AppendString(hash, scope.Name);
        AppendString(hash, scope.Version);

        if (!IsSortedByKey(attributes))
        {
            if (_sortBuffer.Length < attributes.Length)
            {
                _sortBuffer = new Attribute[Math.Max(attributes.Length, _sortBuffer.Length * 2)];
            }
            var sorted = _sortBuffer.AsSpan(0, attributes.Length);
            attributes.CopyTo(sorted);
            sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            attributes = sorted;
        }
        foreach (var attribute in attributes)
        {
            AppendString(hash, attribute.Key);
            AppendString(hash, attribute.Value);
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

    /// <summary>A hash of histogram bucket bounds, so state can detect changed bounds without keeping them.</summary>
    public static ulong OfBounds(ReadOnlySpan<double> bounds) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(bounds), bounds.Length);

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
