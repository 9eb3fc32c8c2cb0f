using System.Buffers;
using System.Text;

namespace OrleansScrape.Prometheus.Exposition;

/// <summary>Escape handling shared by the parsers.</summary>
internal static class ExpositionEscapes
{
    /// <summary>
    /// Writes the unescaped form of <paramref name="raw"/>: <c>\\</c> and <c>\n</c> are resolved,
    /// <c>\"</c> too when <paramref name="unescapeQuote"/>, and any other backslash pair is kept.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination, bool unescapeQuote)
    {
        if (destination.Length < raw.Length)
        {
            throw new ArgumentException("The destination must be at least as long as the raw text.", nameof(destination));
        }
        var written = 0;
        var position = 0;
        while (true)
        {
            var backslash = raw[position..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                raw[position..].CopyTo(destination[written..]);
                return written + raw.Length - position;
            }
            raw.Slice(position, backslash).CopyTo(destination[written..]);
            written += backslash;
            position += backslash;
            if (position + 1 == raw.Length)
            {
                // A trailing lone backslash (possible in HELP text) stays.
                destination[written++] = (byte)'\\';
                return written;
            }
            var escaped = raw[position + 1];
            switch (escaped)
            {
                case (byte)'\\':
                    destination[written++] = (byte)'\\';
                    break;
                case (byte)'n':
                    destination[written++] = (byte)'\n';
                    break;
                case (byte)'"' when unescapeQuote:
                    destination[written++] = (byte)'"';
                    break;
                default:
                    // Prometheus keeps an unknown escape as written.
                    destination[written++] = (byte)'\\';
                    destination[written++] = escaped;
                    break;
            }
            position += 2;
        }
    }

    public static string UnescapeToString(ReadOnlySpan<byte> raw, bool unescapeQuote)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }
        if (raw.Length <= 256)
        {
            Span<byte> buffer = stackalloc byte[raw.Length];
            return Encoding.UTF8.GetString(buffer[..Unescape(raw, buffer, unescapeQuote)]);
        }
        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            return Encoding.UTF8.GetString(rented, 0, Unescape(raw, rented, unescapeQuote));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
