using System.Globalization;
using System.Text;

namespace OrleansScrape.Prometheus.Exposition;

/// <summary>Formatting of body bytes for error messages.</summary>
internal static class ExpositionMessages
{
    /// <summary>Quotes bytes from the body for an error message, shortened and with control bytes escaped.</summary>
    public static string Quote(ReadOnlySpan<byte> bytes)
    {
        const int MaxLength = 64;
        var text = Encoding.UTF8.GetString(bytes.Length > MaxLength ? bytes[..MaxLength] : bytes);
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case < ' ' or '\x7f':
                    builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        if (bytes.Length > MaxLength)
        {
            builder.Append("...");
        }
        return builder.Append('"').ToString();
    }
}
