using System.Globalization;

namespace OrleansScrape.Configuration;

/// <summary>
/// Prometheus's byte sizes (<c>body_size_limit</c>): an integer with an optional unit
/// <c>B KB MB GB TB PB EB</c>, powers of 1024 as in Prometheus (<c>10MB</c> = 10 × 1024²).
/// </summary>
public static class ByteSize
{
    private static readonly (string Unit, long Size)[] Units =
    [
        ("EB", 1L << 60), ("PB", 1L << 50), ("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1),
    ];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var value = text.Trim();
        long size = 1;
        foreach (var (unit, unitSize) in Units)
        {
            if (value.EndsWith(unit, StringComparison.Ordinal))
            {
                size = unitSize;
                value = value[..^unit.Length];
                break;
            }
        }
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > long.MaxValue / size)
        {
            return false;
        }
        bytes = number * size;
        return true;
    }
}
