using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Abstractions.Serialization;

/// <summary>
/// The wire form of a <see cref="MetricBatch"/> between silos: the batch's columns as
/// primitive arrays, with attribute strings stored once in a string table because the same
/// label names and values repeat on every point.
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
}
