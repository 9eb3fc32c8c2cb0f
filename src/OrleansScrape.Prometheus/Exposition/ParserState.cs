namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// What a parse carries from one chunk of a body to the next, so that a body can be parsed as it
/// streams in: line numbers, the current family (its name, type, HELP and UNIT, copied into
/// storage owned here because they may lie in an earlier chunk whose bytes are gone), the family
/// table, and every validation state of the format. The caller owns the instance, calls
/// <see cref="Reset"/> before the first chunk of each body and passes it to the parser of every
/// chunk (<see cref="TextFormatParser(ReadOnlySpan{byte}, ParserState, bool)"/>,
/// <see cref="OpenMetricsParser(ReadOnlySpan{byte}, ParserState, bool)"/>). One instance serves
/// one body at a time, in one format. Reused across bodies, it allocates nothing once its
/// buffers have grown to the longest family name and HELP text.
/// </summary>
/// <remarks>
/// Every chunk but the last must end with a line feed (the caller cuts at the last complete line);
/// the rules of the end of the input (a missing <c># EOF</c>, a last line without line feed) apply to
/// the chunk passed as final. A chunk's parser must be read up to <see cref="ExpositionEntry.EndOfInput"/>
/// before the next chunk's parser is made: that is when it hands its state on.
/// </remarks>
public sealed class ParserState
{
    private byte[] _familyName = [];
    private byte[] _familyHelp = [];
    private byte[] _familyUnit = [];

    public ParserState()
        : this(new MetricFamilySet())
    {
    }

    /// <summary>A state whose family table is <paramref name="families"/> (cleared by <see cref="Reset"/>).</summary>
    public ParserState(MetricFamilySet families)
    {
        ArgumentNullException.ThrowIfNull(families);
        Families = families;
        Reset();
    }

    /// <summary>The families the parse has met so far.</summary>
    public MetricFamilySet Families { get; }

    /// <summary>Lines read in the chunks handed on so far.</summary>
    public int LinesRead { get; internal set; }

    /// <summary>Forgets the previous body: the next chunk is the first of a new one.</summary>
    public void Reset()
    {
        Families.Clear();
        LinesRead = 0;
        FamilyNameLength = 0;
        FamilyHelpLength = 0;
        FamilyUnitLength = 0;
        FamilyKind = MetricKind.Untyped;
        FamilyIndex = -1;
        FamilyRecorded = false;
        Finished = false;
        FamilyHasType = false;
        FamilyHasHelp = false;
        FamilyHasUnit = false;
        FamilyHasSamples = false;
        HasMetric = false;
        MetricHash = 0;
        MetricHasTimestamp = false;
        MetricTimestamp = 0;
        PointOpen = false;
        PointLine = 0;
        PointTimestamp = 0;
        PointHasTotal = false;
        PointHasBucket = false;
        PointLastLe = 0;
        PointLastBucket = 0;
        PointNegativeBucket = false;
        PointHasCount = false;
        PointCount = 0;
        PointHasSum = false;
        PointNegativeSum = false;
    }

    // The current family, shared by both formats.
    internal int FamilyNameLength;
    internal int FamilyHelpLength;
    internal int FamilyUnitLength;
    internal MetricKind FamilyKind;
    internal int FamilyIndex;

    internal ReadOnlySpan<byte> FamilyName => _familyName.AsSpan(0, FamilyNameLength);

    internal ReadOnlySpan<byte> FamilyHelp => _familyHelp.AsSpan(0, FamilyHelpLength);

    internal ReadOnlySpan<byte> FamilyUnit => _familyUnit.AsSpan(0, FamilyUnitLength);

    // Text 0.0.4.
    internal bool FamilyRecorded;

    // OpenMetrics: see the fields of the same names in OpenMetricsParser.
    internal bool Finished;
    internal bool FamilyHasType;
    internal bool FamilyHasHelp;
    internal bool FamilyHasUnit;
    internal bool FamilyHasSamples;
    internal bool HasMetric;
    internal ulong MetricHash;
    internal bool MetricHasTimestamp;
    internal Int128 MetricTimestamp;
    internal bool PointOpen;
    internal int PointLine;
    internal Int128 PointTimestamp;
    internal bool PointHasTotal;
    internal bool PointHasBucket;
    internal double PointLastLe;
    internal double PointLastBucket;
    internal bool PointNegativeBucket;
    internal bool PointHasCount;
    internal double PointCount;
    internal bool PointHasSum;
    internal bool PointNegativeSum;

    /// <summary>Copies the current family's name, HELP and UNIT into storage owned here (they may already be in it).</summary>
    internal void SaveFamily(ReadOnlySpan<byte> name, ReadOnlySpan<byte> help, ReadOnlySpan<byte> unit)
    {
        FamilyNameLength = Save(ref _familyName, name);
        FamilyHelpLength = Save(ref _familyHelp, help);
        FamilyUnitLength = Save(ref _familyUnit, unit);
    }

    private static int Save(ref byte[] storage, ReadOnlySpan<byte> bytes)
    {
        if (storage.Length < bytes.Length)
        {
            // The source may be the old storage: it stays valid until this copy is done.
            var larger = new byte[Math.Max(Math.Max(bytes.Length, 64), storage.Length * 2)];
            bytes.CopyTo(larger);
            storage = larger;
        }
        else
        {
            // Copy handles the source overlapping the storage (a family carried over several chunks).
            bytes.CopyTo(storage);
        }
        return bytes.Length;
    }
}
