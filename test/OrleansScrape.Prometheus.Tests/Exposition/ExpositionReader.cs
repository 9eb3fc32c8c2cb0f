using System.Text;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>Runs the parser over a whole text and records every entry.</summary>
public static class ExpositionReader
{
    public static List<ParsedEntry> ParseAll(string text) => ParseAll(Encoding.UTF8.GetBytes(text));

    public static List<ParsedEntry> ParseAll(byte[] body)
    {
        var entries = new List<ParsedEntry>();
        var parser = new TextFormatParser(body);
        ExpositionEntry entry;
        while ((entry = parser.Next()) != ExpositionEntry.EndOfInput)
        {
            var labels = new List<KeyValuePair<string, string>>();
            var name = string.Empty;
            var text = string.Empty;
            switch (entry)
            {
                case ExpositionEntry.Series:
                    name = Encoding.UTF8.GetString(parser.MetricName);
                    foreach (var label in parser.Labels)
                    {
                        labels.Add(new(label.NameToString(), label.ValueToString()));
                    }
                    Assert.Equal(parser.LabelCount, labels.Count);
                    break;
                case ExpositionEntry.Help:
                    name = Encoding.UTF8.GetString(parser.MetricName);
                    text = parser.GetHelpText();
                    break;
                case ExpositionEntry.Type:
                    name = Encoding.UTF8.GetString(parser.MetricName);
                    break;
                case ExpositionEntry.Comment:
                    text = Encoding.UTF8.GetString(parser.CommentText);
                    break;
            }
            entries.Add(new ParsedEntry(
                entry,
                parser.LineNumber,
                name,
                labels,
                entry == ExpositionEntry.Series ? parser.Value : 0,
                entry == ExpositionEntry.Series && parser.HasTimestamp,
                entry == ExpositionEntry.Series ? parser.TimestampMilliseconds : 0,
                text,
                entry == ExpositionEntry.Type ? parser.Kind : MetricKind.Untyped,
                Encoding.UTF8.GetString(parser.FamilyName),
                parser.FamilyKind,
                parser.FamilyIndex));
        }
        Assert.Equal(ExpositionEntry.EndOfInput, parser.Next());
        return entries;
    }

    public static ParsedEntry ParseSingle(string text) => Assert.Single(ParseAll(text));

    public static ExpositionFormatException ParseError(string text) => ParseError(Encoding.UTF8.GetBytes(text));

    public static ExpositionFormatException ParseError(byte[] body) =>
        Assert.Throws<ExpositionFormatException>(() => ParseAll(body));
}
