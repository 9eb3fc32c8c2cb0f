using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Translation;

/// <summary>
/// Maps raw bytes of a scraped body (label names, label values, HELP text) to the strings they
/// stand for, so a target scraped again and again does not allocate the same strings every time.
/// Keyed by xxHash64 of the raw bytes, with the bytes kept to confirm a hit. Entries not used
/// during a generation are dropped by <see cref="EndGeneration"/>; the size is bounded, and past
/// the bound new strings are simply not cached.
/// </summary>
internal sealed class Utf8StringCache
{
    private readonly Dictionary<ulong, (byte[] Raw, string Value, int Generation)> _entries = new();
    private readonly int _capacity;
    private readonly bool _helpEscapes;
    private int _generation;

    /// <param name="capacity">Most entries kept.</param>
    /// <param name="helpEscapes">Resolve escapes as HELP text does (<c>\"</c> kept) rather than as label values.</param>
    public Utf8StringCache(int capacity, bool helpEscapes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _helpEscapes = helpEscapes;
    }

    public int Count => _entries.Count;

    public void BeginGeneration() => _generation++;

    /// <summary>Drops entries not used since <see cref="BeginGeneration"/>.</summary>
    public void EndGeneration()
    {
        foreach (var (hash, entry) in _entries)
        {
            if (entry.Generation != _generation)
            {
                _entries.Remove(hash);
            }
        }
    }

    /// <summary>The string for <paramref name="raw"/>, with escapes resolved when it holds a backslash.</summary>
    public string Get(ReadOnlySpan<byte> raw) => Get(raw, out _);

    /// <summary>
    /// The string for <paramref name="raw"/>; <paramref name="cachedRaw"/> is the cache's copy of
    /// the bytes when the string is cached (and so marked used in this generation), else null.
    /// </summary>
    public string Get(ReadOnlySpan<byte> raw, out byte[]? cachedRaw)
    {
        cachedRaw = null;
        if (raw.IsEmpty)
        {
            return string.Empty;
        }
        var hash = XxHash64.HashToUInt64(raw);
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, hash);
        if (!Unsafe.IsNullRef(ref entry))
        {
            if (raw.SequenceEqual(entry.Raw))
            {
                entry.Generation = _generation;
                cachedRaw = entry.Raw;
                return entry.Value;
            }
            // A hash collision: the slot stays with its first owner.
            return Decode(raw);
        }
        var value = Decode(raw);
        if (_entries.Count < _capacity)
        {
            cachedRaw = raw.ToArray();
            _entries.Add(hash, (cachedRaw, value, _generation));
        }
        return value;
    }

    private string Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }
        return _helpEscapes ? TextFormatParser.HelpTextToString(raw) : TextFormatParser.LabelValueToString(raw);
    }
}
