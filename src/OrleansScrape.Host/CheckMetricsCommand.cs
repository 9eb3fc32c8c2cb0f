using System.Text;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Host;

/// <summary>
/// <c>check metrics [FILE|-] [--format text|openmetrics]</c>: parses a whole exposition as a
/// scrape would and reports the first error. Exit 0 when valid, 1 when invalid, 2 when the
/// input cannot be read or the format is unknown.
/// </summary>
internal static class CheckMetricsCommand
{
    public const int Invalid = 1;
    public const int UsageError = 2;

    public const string TextFormat = "text";
    public const string OpenMetricsFormat = "openmetrics";

    /// <summary>The command line's entry: <paramref name="path"/> null or <c>-</c> reads standard input.</summary>
    public static int Run(string? path, string? format, TextWriter output, TextWriter error)
    {
        var fromStdin = path is null or "-";
        byte[] body;
        try
        {
            if (fromStdin)
            {
                using var stdin = Console.OpenStandardInput();
                using var copy = new MemoryStream();
                stdin.CopyTo(copy);
                body = copy.ToArray();
            }
            else
            {
                body = File.ReadAllBytes(path!);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{path}: cannot read the file: {e.Message}");
            return UsageError;
        }
        return Run(body, fromStdin ? null : path, format, output, error);
    }

    /// <summary>Checks the text of <paramref name="input"/>, encoded as UTF-8; <paramref name="fileName"/> prefixes messages when given.</summary>
    public static int Run(TextReader input, string? fileName, string? format, TextWriter output, TextWriter error) =>
        Run(Encoding.UTF8.GetBytes(input.ReadToEnd()), fileName, format, output, error);

    /// <summary>Checks raw bytes, which keeps invalid UTF-8 visible to the parser.</summary>
    public static int Run(ReadOnlySpan<byte> body, string? fileName, string? format, TextWriter output, TextWriter error)
    {
        var prefix = fileName is null ? string.Empty : fileName + ": ";
        bool openMetrics;
        switch (format)
        {
            case null:
                openMetrics = EndsWithEof(body);
                break;
            case OpenMetricsFormat:
                openMetrics = true;
                break;
            case TextFormat:
                openMetrics = false;
                break;
            default:
                error.WriteLine($"unknown format \"{format}\" (expected {TextFormat} or {OpenMetricsFormat})");
                return UsageError;
        }

        try
        {
            (int Families, int Samples) counts;
            if (openMetrics)
            {
                var parser = new OpenMetricsParser(body);
                counts = Count(ref parser);
            }
            else
            {
                var parser = new TextFormatParser(body);
                counts = Count(ref parser);
            }
            var formatName = openMetrics ? "OpenMetrics 1.0.0" : "Prometheus text 0.0.4";
            output.WriteLine($"{prefix}valid {formatName} exposition: {counts.Families} families, {counts.Samples} samples");
            return 0;
        }
        catch (ExpositionFormatException e)
        {
            error.WriteLine(prefix + e.Message);
            return Invalid;
        }
    }

    /// <summary>Without <c>--format</c>, a body whose last non-empty line is <c># EOF</c> is taken for OpenMetrics.</summary>
    internal static bool EndsWithEof(ReadOnlySpan<byte> body)
    {
        // Trailing carriage returns count as empty too, so a CRLF OpenMetrics file gets the OpenMetrics error.
        var end = body.LastIndexOfAnyExcept((byte)'\n', (byte)'\r') + 1;
        var start = body[..end].LastIndexOf((byte)'\n') + 1;
        return body[start..end].TrimEnd((byte)'\r').SequenceEqual("# EOF"u8);
    }

    private static (int Families, int Samples) Count<TParser>(ref TParser parser)
        where TParser : IExpositionParser, allows ref struct
    {
        // Distinct names: a text 0.0.4 family may come back after another one.
        var families = new HashSet<string>(StringComparer.Ordinal);
        var samples = 0;
        var familyIndex = -1;
        ExpositionEntry entry;
        while ((entry = parser.Next()) != ExpositionEntry.EndOfInput)
        {
            if (parser.FamilyIndex != familyIndex && entry != ExpositionEntry.EndOfFile)
            {
                familyIndex = parser.FamilyIndex;
                families.Add(Encoding.UTF8.GetString(parser.FamilyName));
            }
            if (entry == ExpositionEntry.Series)
            {
                samples++;
            }
        }
        return (families.Count, samples);
    }
}
