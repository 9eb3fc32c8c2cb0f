using System.Text;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>Both parsers serve one generic consumer through <see cref="IExpositionParser"/>.</summary>
public sealed class OpenMetricsInterfaceTests
{
    [Fact]
    public void GenericConsumer_ReadsBothFormatsAlike()
    {
        var text = new TextFormatParser(Encoding.UTF8.GetBytes("# HELP a Help \\\\ text.\n# TYPE a counter\na_total{x=\"1\"} 2 1500\n"));
        var openMetrics = new OpenMetricsParser(Encoding.UTF8.GetBytes("# HELP a Help \\\\ text.\n# TYPE a counter\na_total{x=\"1\"} 2 1.5\n# EOF\n"));

        var fromText = Describe(ref text);
        var fromOpenMetrics = Describe(ref openMetrics);

        Assert.Equal("a/Counter/Help \\ text.: a_total{x=1} 2 @1500000000", fromText);
        Assert.Equal(fromText, fromOpenMetrics);
    }

    [Fact]
    public void TextFormat_ReportsNoExemplarsAndNoUnit()
    {
        var parser = new TextFormatParser(Encoding.UTF8.GetBytes("a 1 9223372036854775807\n"));
        Assert.Equal(ExpositionEntry.Series, parser.Next());

        Assert.False(parser.HasExemplar);
        Assert.Equal(0, parser.ExemplarLabelCount);
        Assert.False(parser.ExemplarLabels.MoveNext());
        Assert.False(parser.TryGetExemplarTimestampUnixNanoseconds(out _));
        Assert.True(parser.FamilyUnit.IsEmpty);
        // Milliseconds beyond the nanosecond range are still available as milliseconds.
        Assert.Equal(long.MaxValue, parser.TimestampMilliseconds);
        Assert.False(parser.TryGetTimestampUnixNanoseconds(out _));
    }

    [Fact]
    public void HelpUnescaping_FollowsEachFormat()
    {
        // Text 0.0.4 keeps \" in HELP text; OpenMetrics escapes HELP like label values.
        Assert.Equal("a\\\"b", Unescape<TextFormatParser>("a\\\"b"u8));
        Assert.Equal("a\"b", Unescape<OpenMetricsParser>("a\\\"b"u8));
    }

    private static string Unescape<TParser>(ReadOnlySpan<byte> raw)
        where TParser : IExpositionParser, allows ref struct
    {
        Span<byte> buffer = stackalloc byte[raw.Length];
        var written = TParser.UnescapeHelpText(raw, buffer);
        Assert.Equal(TParser.HelpTextToString(raw), Encoding.UTF8.GetString(buffer[..written]));
        return TParser.HelpTextToString(raw);
    }

    private static string Describe<TParser>(ref TParser parser)
        where TParser : IExpositionParser, allows ref struct
    {
        var result = new StringBuilder();
        ExpositionEntry entry;
        while ((entry = parser.Next()) != ExpositionEntry.EndOfInput)
        {
            if (entry != ExpositionEntry.Series)
            {
                continue;
            }
            result.Append(Encoding.UTF8.GetString(parser.FamilyName)).Append('/').Append(parser.FamilyKind).Append('/')
                .Append(TParser.HelpTextToString(parser.RawFamilyHelp)).Append(": ")
                .Append(Encoding.UTF8.GetString(parser.MetricName)).Append('{');
            foreach (var label in parser.Labels)
            {
                result.Append(label.NameToString()).Append('=').Append(label.ValueToString());
            }
            parser.TryGetTimestampUnixNanoseconds(out var nanoseconds);
            result.Append("} ").Append(parser.Value).Append(" @").Append(nanoseconds);
        }
        return result.ToString();
    }
}
