using System.Buffers;

namespace OrleansScrape.Prometheus.Exposition;

/// <summary>Byte classes of the text exposition format, shared by the parser and the label enumerator.</summary>
internal static class ExpositionBytes
{
    /// <summary>Bytes that may follow the first byte of a metric name: <c>[a-zA-Z0-9_:]</c>.</summary>
    public static readonly SearchValues<byte> MetricNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);

    /// <summary>Bytes that may follow the first byte of a label name: <c>[a-zA-Z0-9_]</c>.</summary>
    public static readonly SearchValues<byte> LabelNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8);

    public static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    public static bool IsLetterOrUnderscore(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == '_';

    public static bool IsMetricNameStart(byte b) => IsLetterOrUnderscore(b) || b == ':';

    public static int SkipBlanks(ReadOnlySpan<byte> line, int position)
    {
        while (position < line.Length && IsBlank(line[position]))
        {
            position++;
        }
        return position;
    }

    /// <summary>End of the run of <paramref name="chars"/> that starts at <paramref name="position"/>.</summary>
    public static int SkipAll(ReadOnlySpan<byte> line, int position, SearchValues<byte> chars)
    {
        var length = line[position..].IndexOfAnyExcept(chars);
        return length < 0 ? line.Length : position + length;
    }
}
