using System.IO.Hashing;

namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// The metric families a parse has met so far, keyed by xxHash64 of the family name bytes. It
/// backs the "one TYPE per family, before its samples" rules and lets a family whose samples
/// come back after another family keep its declared type. The OpenMetrics parser also keeps here
/// the sample names every family may produce (to reject clashing and repeated families) and the
/// label sets of the metrics met (to reject interleaved metrics). Reuse one instance across
/// parses (the parser clears it) so that a steady-state parse allocates nothing: the tables keep
/// their capacity.
/// </summary>
/// <remarks>
/// A 64-bit hash collision between two names or label sets of one body would make the parser
/// report a spurious duplicate; at 2^-64 per pair that is accepted in exchange for storing no names.
/// </remarks>
public sealed class MetricFamilySet
{
    private readonly Dictionary<ulong, (MetricKind Kind, bool Declared)> _families = new();
    private readonly HashSet<ulong> _sampleNames = new();
    private readonly HashSet<ulong> _metrics = new();
    private byte[] _scratch = [];

    /// <summary>Families met since the last <see cref="Clear"/>.</summary>
    public int Count => _families.Count;

    public void Clear()
    {
        _families.Clear();
        _sampleNames.Clear();
        _metrics.Clear();
    }

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

    /// <summary>Records a sample name a family may produce; false when another family already may.</summary>
    internal bool TryAddSampleName(ulong hash) => _sampleNames.Add(hash);

    /// <summary>Records a metric (family and label set); false when it was met before.</summary>
    internal bool TryAddMetric(ulong key) => _metrics.Add(key);

    /// <summary>A reusable buffer of at least <paramref name="length"/> bytes, valid until the next call.</summary>
    internal Span<byte> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(Math.Max(length, 256), _scratch.Length * 2)];
        }
        return _scratch.AsSpan(0, length);
    }
}
