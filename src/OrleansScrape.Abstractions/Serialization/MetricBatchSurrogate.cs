namespace OrleansScrape.Abstractions.Serialization;

/// <summary>
/// The wire form of a <see cref="OrleansScrape.Otlp.Model.MetricBatch"/> between silos: the
/// batch's columns as primitive arrays, with strings stored once in a string table because the
/// same label names and values repeat on every point. See <see cref="MetricBatchConverter"/> for the layout.
/// </summary>
[GenerateSerializer]
public struct MetricBatchSurrogate
{
    [Id(0)] public string[] Strings;
    [Id(1)] public int[] ResourceAttributes;
    [Id(2)] public int[] Scopes;
    [Id(3)] public int[] MetricStrings;
    [Id(4)] public byte[] MetricKinds;
    [Id(5)] public int[] MetricRanges;
    [Id(6)] public long[] Times;
    [Id(7)] public double[] Values;
    [Id(8)] public uint[] Flags;
    [Id(9)] public int[] PointRanges;
    [Id(10)] public int[] PointAttributes;
    [Id(11)] public long[] HistogramTimes;
    [Id(12)] public ulong[] HistogramCounts;
    [Id(13)] public double[] HistogramSums;
    [Id(14)] public uint[] HistogramFlags;
    [Id(15)] public int[] HistogramRanges;
    [Id(16)] public double[] HistogramBounds;
    [Id(17)] public ulong[] BucketCounts;
    [Id(18)] public long[] SummaryTimes;
    [Id(19)] public ulong[] SummaryCounts;
    [Id(20)] public double[] SummarySums;
    [Id(21)] public uint[] SummaryFlags;
    [Id(22)] public int[] SummaryRanges;
    [Id(23)] public double[] Quantiles;
    [Id(24)] public long[] ExemplarTimes;
    [Id(25)] public double[] ExemplarValues;
    [Id(26)] public ulong[] ExemplarIds;
    [Id(27)] public int[] ExemplarRanges;
    [Id(28)] public long[] ExponentialTimes;
    [Id(29)] public ulong[] ExponentialCounts;
    [Id(30)] public double[] ExponentialValues;
    [Id(31)] public uint[] ExponentialFlags;
    [Id(32)] public int[] ExponentialRanges;
}
