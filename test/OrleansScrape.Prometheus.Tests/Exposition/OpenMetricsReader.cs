using System.Text;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>Runs the OpenMetrics parser over a whole text and records every entry.</summary>
public static class OpenMetricsReader
{
    public static List<OpenMetricsEntry> ParseAll(string text) => ParseAll(Encoding.UTF8.GetBytes(text));

    public static List<OpenMetricsEntry> ParseAll(byte[] body)
    {
        var entries = new List<OpenMetricsEntry>();
        var parser = new OpenMetricsParser(body);
        ExpositionEntry entry;
        while ((entry = parser.Next()) != ExpositionEntry.EndOfInput)
        {
            var name = string.Empty;
            var text = string.Empty;
            List<KeyValuePair<string, string>> labels = [];
            List<KeyValuePair<string, string>>? exemplarLabels = null;
            long? nanoseconds = null;
            long? exemplarNanoseconds = null;
            switch (entry)
            {
                case ExpositionEntry.Series:
                    name = Encoding.UTF8.GetString(parser.MetricName);
                    labels = Collect(parser.Labels);
                    Assert.Equal(parser.LabelCount, labels.Count);
                    if (parser.TryGetTimestampUnixNanoseconds(out var ns))
                    {
                        nanoseconds = ns;
                    }
                    if (parser.HasExemplar)
                    {
                        exemplarLabels = Collect(parser.ExemplarLabels);
                        Assert.Equal(parser.ExemplarLabelCount, exemplarLabels.Count);
                        if (parser.TryGetExemplarTimestampUnixNanoseconds(out var exemplarNs))
                        {
                            exemplarNanoseconds = exemplarNs;
                        }
                    }
                    break;
                case ExpositionEntry.Help:
                    name = Encoding.UTF8.GetString(parser.MetricName);
                    text = parser.GetHelpText();
                    break;
                case ExpositionEntry.Unit:
                    name = Encoding.UTF8.GetString(parser.MetricName);
                    text = Encoding.UTF8.GetString(parser.UnitText);
                    break;
                case ExpositionEntry.Type:
                    name = Encoding.UTF8.GetString(parser.MetricName);
                    break;
            }
            entries.Add(new OpenMetricsEntry(
                entry,
                parser.LineNumber,
                name,
                labels,
                entry == ExpositionEntry.Series ? parser.Value : 0,
                entry == ExpositionEntry.Series && parser.HasTimestamp,
                entry == ExpositionEntry.Series ? parser.TimestampMilliseconds : 0,
                nanoseconds,
                text,
                entry == ExpositionEntry.Type ? parser.Kind : MetricKind.Unknown,
                Encoding.UTF8.GetString(parser.FamilyName),
                parser.FamilyKind,
                OpenMetricsParser.HelpTextToString(parser.RawFamilyHelp),
                Encoding.UTF8.GetString(parser.FamilyUnit),
                parser.FamilyIndex,
                exemplarLabels,
                parser.ExemplarValue,
                exemplarNanoseconds));
        }
        Assert.Equal(ExpositionEntry.EndOfInput, parser.Next());
        return entries;
    }

    /// <summary>The series entries of a body that must parse.</summary>
    public static List<OpenMetricsEntry> Series(string text) =>
        ParseAll(text).Where(e => e.Entry == ExpositionEntry.Series).ToList();

    public static OpenMetricsEntry SingleSeries(string text) => Assert.Single(Series(text));

    public static void AssertValid(string text) => Assert.Equal(ExpositionEntry.EndOfFile, ParseAll(text)[^1].Entry);

    public static ExpositionFormatException ParseError(string text) => ParseError(Encoding.UTF8.GetBytes(text));

    public static ExpositionFormatException ParseError(byte[] body) =>
        Assert.Throws<ExpositionFormatException>(() => ParseAll(body));

    /// <summary>Asserts the body is rejected at <paramref name="line"/> with a reason containing <paramref name="reason"/>.</summary>
    public static void AssertInvalid(string text, int line, string reason)
    {
        var error = ParseError(text);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(reason, error.Reason);
    }

    private static List<KeyValuePair<string, string>> Collect(LabelEnumerator labels)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var label in labels)
        {
            list.Add(new(label.NameToString(), label.ValueToString()));
        }
        return list;
    }
}
