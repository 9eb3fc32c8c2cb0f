using System.IO.Hashing;

namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// The metric families a parse has met so far, keyed by xxHash64 of the family name bytes. It
/// backs the "one TYPE per family, before its samples" rules and lets a family whose samples
/// come back after another family keep its declared type. Reuse one instance across parses (the
/// parser clears it) so that a steady-state parse allocates nothing: the table keeps its capacity.
/// </summary>
/// <remarks>
/// A 64-bit hash collision between two family names of one body would make the parser report a
/// spurious duplicate TYPE; at 2^-64 per pair that is accepted in exchange for storing no names.
/// </remarks>
public sealed class MetricFamilySet
{
    private readonly Dictionary<ulong, (MetricKind Kind, bool Declared)> _families = new();

    /// <summary>Families met since the last <see cref="Clear"/>.</summary>
    public int Count => _families.Count;

    public void Clear() => _families.Clear();

    internal static ulong Hash(ReadOnlySpan<byte> name) => XxHash64.HashToUInt64(name);

    /// <summary>Finds a family; <paramref name="declared"/> tells whether a TYPE line introduced it.</summary>
    internal bool TryGet(ulong hash, out MetricKind kind, out bool declared)
    {
        if (_families.TryGetValue(hash, out var family))
        {
            kind = family.Kind;
            declared = family.Declared;
            return true;
        }
        kind = MetricKind.Untyped;
        declared = false;
        return false;
    }

    /// <summary>Records a family; returns false when it was already known.</summary>
    internal bool TryAdd(ulong hash, MetricKind kind, bool declared) => _families.TryAdd(hash, (kind, declared));
}
