using System.Buffers;
using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Processing.MetricStartTime;

/// <summary>
/// The subtracted initial point of an exponential histogram series under
/// <c>subtract_initial_point</c>, packed into the state's pooled reference bucket array so the
/// state (and its saved image) keeps one shape: zero count, positive offset, negative offset,
/// positive bucket count, then the positive and the negative bucket counts.
/// </summary>
internal static class ExponentialReference
{
    private const int HeaderLength = 4;

    /// <summary>What identifies the bucket layout: a changed scale or zero threshold restarts the series.</summary>
    public static ulong LayoutOf(in ExponentialHistogramPoint point) =>
        ((ulong)(uint)point.Scale << 32) ^ (ulong)BitConverter.DoubleToInt64Bits(point.ZeroThreshold);

    /// <summary>Packs the point into a pooled array; <paramref name="length"/> is how much of it is used.</summary>
    public static ulong[] Pack(MetricBatch batch, in ExponentialHistogramPoint point, out int length)
    {
        var positive = batch.PositiveBucketCountsOf(point);
        var negative = batch.NegativeBucketCountsOf(point);
        length = HeaderLength + positive.Length + negative.Length;
        var packed = ArrayPool<ulong>.Shared.Rent(length);
        packed[0] = point.ZeroCount;
        packed[1] = (uint)point.PositiveOffset;
        packed[2] = (uint)point.NegativeOffset;
        packed[3] = (ulong)positive.Length;
        positive.CopyTo(packed.AsSpan(HeaderLength));
        negative.CopyTo(packed.AsSpan(HeaderLength + positive.Length));
        return packed;
    }

    public static ulong ZeroCountOf(ulong[] packed) => packed[0];

    /// <summary>
    /// Writes the point's bucket counts minus the reference's into <paramref name="positiveOut"/>
    /// and <paramref name="negativeOut"/>, matching buckets by index (offset + position).
    /// </summary>
    public static void Subtract(ulong[] packed, int length, ReadOnlySpan<ulong> positive, int positiveOffset,
        ReadOnlySpan<ulong> negative, int negativeOffset, Span<ulong> positiveOut, Span<ulong> negativeOut)
    {
        var referencePositiveCount = (int)packed[3];
        var referencePositive = packed.AsSpan(HeaderLength, referencePositiveCount);
        var referenceNegative = packed.AsSpan(HeaderLength + referencePositiveCount, length - HeaderLength - referencePositiveCount);
        SubtractRange(positive, positiveOffset, referencePositive, (int)(uint)packed[1], positiveOut);
        SubtractRange(negative, negativeOffset, referenceNegative, (int)(uint)packed[2], negativeOut);
    }

    private static void SubtractRange(ReadOnlySpan<ulong> current, int offset, ReadOnlySpan<ulong> reference, int referenceOffset, Span<ulong> output)
    {
        for (var i = 0; i < current.Length; i++)
        {
            var j = (long)offset + i - referenceOffset;
            var subtracted = j >= 0 && j < reference.Length ? reference[(int)j] : 0;
            // Buckets of one cumulative series only grow between resets; never wrap below zero.
            output[i] = current[i] >= subtracted ? current[i] - subtracted : 0;
        }
    }
}
