using OrleansScrape.Otlp.Model;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Translation;

/// <summary>
/// The samples of one metric family, held until the family ends: a family's points can only be
/// built when all its samples are known (buckets, <c>_count</c>, <c>_sum</c>, <c>_created</c>).
/// Reused from family to family and scrape to scrape, so a steady target allocates nothing here.
/// </summary>
internal sealed class FamilyBuffer
{
    public readonly List<PendingSample> Samples = new();
    public readonly List<PendingExemplar> Exemplars = new();
    private readonly Dictionary<ulong, int> _groupIndex = new();
    public readonly List<PointGroup> Groups = new();
    private int _groupsInUse;

    public int GroupCount => _groupsInUse;

    public void Clear()
    {
        Samples.Clear();
        Exemplars.Clear();
        _groupIndex.Clear();
        for (var i = 0; i < _groupsInUse; i++)
        {
            Groups[i].Clear();
        }
        _groupsInUse = 0;
    }

    /// <summary>The point group of a point key, if the family has one.</summary>
    public bool TryGetGroup(ulong pointKey, out PointGroup group)
    {
        if (_groupIndex.TryGetValue(pointKey, out var index))
        {
            group = Groups[index];
            return true;
        }
        group = null!;
        return false;
    }

    /// <summary>The point group of a series' point key, in first-seen order.</summary>
    public PointGroup Group(CachedSeries series)
    {
        if (_groupIndex.TryGetValue(series.PointKey, out var index))
        {
            return Groups[index];
        }
        if (_groupsInUse == Groups.Count)
        {
            Groups.Add(new PointGroup());
        }
        var group = Groups[_groupsInUse];
        group.Representative = series;
        _groupIndex.Add(series.PointKey, _groupsInUse++);
        return group;
    }
}

/// <summary>A counter, gauge, unknown, info or stateset sample waiting for its family to end.</summary>
/// <param name="Tracked">
/// False when the sample carried its own (honoured) timestamp: Prometheus does not track such a
/// series for staleness, so it gets no stale marker when it vanishes.
/// </param>
internal readonly record struct PendingSample(CachedSeries Series, double Value, long TimeUnixNano, int ExemplarIndex, bool Tracked);

/// <summary>An exemplar as parsed: ids and filtered attributes already separated.</summary>
internal readonly record struct PendingExemplar(long TimeUnixNano, double Value, UInt128 TraceId, ulong SpanId, Attribute[] Attributes);

/// <summary>The samples that make one histogram or summary point, or the <c>_created</c> of a counter.</summary>
internal sealed class PointGroup
{
    public CachedSeries Representative = null!;
    public readonly List<(double Bound, double Value, int ExemplarIndex)> Entries = new();
    public double? Count;
    public double? Sum;
    public long CreatedUnixNano;
    public long TimeUnixNano;
    /// <summary>Samples that went into the group, to count them as skipped when the point is dropped.</summary>
    public int SampleCount;
    /// <summary>A sample of the point carried its own (honoured) timestamp: not tracked for staleness.</summary>
    public bool HasOwnTimestamp;

    public void Clear()
    {
        Entries.Clear();
        Count = null;
        Sum = null;
        CreatedUnixNano = 0;
        TimeUnixNano = 0;
        SampleCount = 0;
        HasOwnTimestamp = false;
    }
}
