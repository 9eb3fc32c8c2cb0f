using System.Globalization;
using System.Text;

namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>The few Go string functions relabeling semantics depend on.</summary>
internal static class GoStrings
{
    /// <summary>
    /// Go's <c>strings.ToLower</c>: Unicode simple lower-case mapping rune by rune. .NET's invariant
    /// mapping is the same table except that it leaves the Turkish dotted capital I alone.
    /// </summary>
    public static string ToLower(string value) => IsAscii(value) ? value.ToLowerInvariant() : MapRunes(value, upper: false);

    /// <summary>Go's <c>strings.ToUpper</c>; Go also maps the dotless small i, .NET's invariant table does not.</summary>
    public static string ToUpper(string value) => IsAscii(value) ? value.ToUpperInvariant() : MapRunes(value, upper: true);

    /// <summary>A double-quoted string as Go's <c>%q</c> prints it in Prometheus's messages.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (Rune.IsControl(rune))
                    {
                        builder.Append(rune.Value <= 0xFF ? $"\\x{rune.Value:x2}" : $"\\u{rune.Value:x4}");
                    }
                    else
                    {
                        builder.Append(rune.ToString());
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    private static bool IsAscii(string value) => Ascii.IsValid(value);

    private static string MapRunes(string value, bool upper)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            var mapped = (upper, rune.Value) switch
            {
                (false, 0x0130) => new Rune('i'),
                (true, 0x0131) => new Rune('I'),
                (false, _) => Rune.ToLowerInvariant(rune),
                (true, _) => Rune.ToUpperInvariant(rune),
            };
            builder.Append(mapped.ToString());
        }
        return builder.ToString();
    }

    internal static string Hex(int codePoint) => codePoint.ToString("X4", CultureInfo.InvariantCulture);
}
