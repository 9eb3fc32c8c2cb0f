using System.Globalization;
using System.Text;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>
/// Parses a body whole or in chunks cut at line boundaries, recording every entry (and the error
/// that ends the parse, if any) as text, so the two can be compared line for line.
/// </summary>
public static class ChunkedParsing
{
    public static List<string> Whole(ExpositionFormat format, byte[] body)
    {
        var output = new List<string>();
        try
        {
            if (format == ExpositionFormat.TextPlain004)
            {
                var parser = new TextFormatParser(body, new MetricFamilySet());
                Record(ref parser, output);
            }
            else
            {
                var parser = new OpenMetricsParser(body, new MetricFamilySet());
                Record(ref parser, output);
            }
        }
        catch (ExpositionFormatException e)
        {
            output.Add($"error {e.LineNumber}: {e.Message}");
            return output;
        }
        output.Add("end");
        return output;
    }

    /// <summary>
    /// Parses <paramref name="chunks"/> in turn with one state. Each chunk is parsed from a copy
    /// that is overwritten once its parser is done, so a view kept into an earlier chunk shows.
    /// </summary>
    public static List<string> Chunked(ExpositionFormat format, IReadOnlyList<byte[]> chunks, ParserState? state = null)
    {
        var output = new List<string>();
        state ??= new ParserState();
        state.Reset();
        try
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                var copy = chunks[i].ToArray();
                var final = i == chunks.Count - 1;
                if (format == ExpositionFormat.TextPlain004)
                {
                    var parser = new TextFormatParser(copy, state, final);
                    Record(ref parser, output);
                }
                else
                {
                    var parser = new OpenMetricsParser(copy, state, final);
                    Record(ref parser, output);
                }
                copy.AsSpan().Fill((byte)'?');
            }
        }
        catch (ExpositionFormatException e)
        {
            output.Add($"error {e.LineNumber}: {e.Message}");
            return output;
        }
        output.Add("end");
        return output;
    }

    /// <summary>Where a body may be cut in two: its start and just after each of its line feeds (its end when it ends with one).</summary>
    public static List<int> LineBoundaries(byte[] body)
    {
        var boundaries = new List<int> { 0 };
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\n')
            {
                boundaries.Add(i + 1);
            }
        }
        return boundaries;
    }

    /// <summary>
    /// Whether a chunked parse reads as the whole one: the same entries and the same error. The one
    /// leeway is where the whole parse fails on what it sees ahead of the current line (text after
    /// <c># EOF</c>, invalid UTF-8 anywhere in the body): a chunked parse sees it only when its chunk
    /// comes, so it may deliver entries of earlier chunks first, which the error then voids.
    /// </summary>
    public static bool ReadsAsWhole(List<string> whole, List<string> chunked)
    {
        if (whole.SequenceEqual(chunked))
        {
            return true;
        }
        return whole[^1].StartsWith("error ", StringComparison.Ordinal)
            && chunked[^1] == whole[^1]
            && chunked.Count > whole.Count
            && chunked.Take(whole.Count - 1).SequenceEqual(whole.Take(whole.Count - 1));
    }

    public static byte[][] SplitAt(byte[] body, int at) => [body[..at], body[at..]];

    /// <summary>One chunk per line (line feed included), the last possibly without one.</summary>
    public static byte[][] OneLinePerChunk(byte[] body)
    {
        var boundaries = LineBoundaries(body);
        if (boundaries[^1] != body.Length)
        {
            boundaries.Add(body.Length);
        }
        var chunks = new List<byte[]>();
        for (var i = 1; i < boundaries.Count; i++)
        {
            chunks.Add(body[boundaries[i - 1]..boundaries[i]]);
        }
        return chunks.ToArray();
    }

    private static void Record<TParser>(ref TParser parser, List<string> output)
        where TParser : IExpositionParser, allows ref struct
    {
        ExpositionEntry entry;
        while ((entry = parser.Next()) != ExpositionEntry.EndOfInput)
        {
            var line = new StringBuilder();
            line.Append(CultureInfo.InvariantCulture, $"{parser.LineNumber} {entry}");
            switch (entry)
            {
                case ExpositionEntry.Series:
                    line.Append(' ').Append(Text(parser.MetricName));
                    foreach (var label in parser.Labels)
                    {
                        line.Append(' ').Append(label.NameToString()).Append('=').Append(label.ValueToString());
                    }
                    line.Append(CultureInfo.InvariantCulture, $" {parser.LabelCount} {parser.Value:R}");
                    if (parser.HasTimestamp)
                    {
                        parser.TryGetTimestampUnixNanoseconds(out var ns);
                        line.Append(CultureInfo.InvariantCulture, $" @{parser.TimestampMilliseconds}/{ns}");
                    }
                    if (parser.HasExemplar)
                    {
                        line.Append(" #");
                        foreach (var label in parser.ExemplarLabels)
                        {
                            line.Append(' ').Append(label.NameToString()).Append('=').Append(label.ValueToString());
                        }
                        line.Append(CultureInfo.InvariantCulture, $" {parser.ExemplarLabelCount} {parser.ExemplarValue:R}");
                        if (parser.ExemplarHasTimestamp)
                        {
                            parser.TryGetExemplarTimestampUnixNanoseconds(out var ens);
                            line.Append(CultureInfo.InvariantCulture, $" @{parser.ExemplarTimestampMilliseconds}/{ens}");
                        }
                    }
                    break;
                case ExpositionEntry.Help:
                    line.Append(' ').Append(Text(parser.MetricName)).Append(' ').Append(parser.GetHelpText());
                    break;
                case ExpositionEntry.Type:
                    line.Append(' ').Append(Text(parser.MetricName)).Append(' ').Append(parser.Kind);
                    break;
                case ExpositionEntry.Unit:
                    line.Append(' ').Append(Text(parser.MetricName)).Append(' ').Append(Text(parser.UnitText));
                    break;
            }
            line.Append(CultureInfo.InvariantCulture,
                $" | family {Text(parser.FamilyName)} {parser.FamilyKind} help={Text(parser.RawFamilyHelp)} unit={Text(parser.FamilyUnit)} #{parser.FamilyIndex}");
            output.Add(line.ToString());
        }
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
