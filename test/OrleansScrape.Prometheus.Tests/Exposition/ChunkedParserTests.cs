using System.Text;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Tests.Translation;
using static OrleansScrape.Prometheus.Tests.Exposition.ChunkedParsing;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>A body parsed in chunks cut at line boundaries reads exactly as the whole body does.</summary>
public sealed class ChunkedParserTests
{
    private const string TextBody = """
        # A comment before anything.
        # HELP http_requests_total Requests served, with a \\ backslash and a \n newline.
        # TYPE http_requests_total counter
        http_requests_total{method="get",code="200"} 1027 1700000000000
        http_requests_total{method="post",code="500",path="/a/\"quoted\""} 3

          # TYPE temperature gauge
        temperature{room="kitchen"} -3.5e1
        temperature { room = "attic" , } NaN
        # HELP only_help A family named only by its HELP line.
        only_help 1
        # TYPE latency histogram
        # HELP latency Request latency.
        latency_bucket{le="0.1"} 5
        latency_bucket{le="+Inf"} 9
        latency_sum 1.25
        latency_count 9
        # TYPE rpc summary
        rpc{quantile="0.5"} 0.2
        rpc_sum 10
        rpc_count 50
        untyped_thing{a="1",b="2",c="3",d="4"} 0.000123 -17
        temperature{room="cellar"} +Inf
        latency_count 10
        last_line_without_feed 7
        """;

    private const string OpenMetricsBody = """
        # TYPE requests counter
        # HELP requests Requests served, with a \" quote.
        requests_total{method="get"} 1027 1700000000.5 # {trace_id="0af7651916cd43dd8448eb211c80319c"} 1 1700000000.25
        requests_created{method="get"} 1699990000 1700000000.5
        requests_total{method="post"} 3
        # TYPE queue_length_bytes gauge
        # UNIT queue_length_bytes bytes
        # HELP queue_length_bytes Bytes queued.
        queue_length_bytes{queue="a"} 12
        queue_length_bytes{queue="b"} 0.5
        # TYPE latency_seconds histogram
        # UNIT latency_seconds seconds
        # HELP latency_seconds Request latency.
        latency_seconds_bucket{path="/a",le="0.1"} 5 # {span_id="b7ad6b7169203331"} 0.05
        latency_seconds_bucket{path="/a",le="1"} 8 # {trace_id="x"} 0.5 1700000000.125
        latency_seconds_bucket{path="/a",le="+Inf"} 9
        latency_seconds_count{path="/a"} 9
        latency_seconds_sum{path="/a"} 3.5
        latency_seconds_created{path="/a"} 1699990000
        latency_seconds_bucket{path="/b",le="0.1"} 1 1700000001
        latency_seconds_bucket{path="/b",le="+Inf"} 2 1700000001
        latency_seconds_count{path="/b"} 2 1700000001
        latency_seconds_sum{path="/b"} 0.2 1700000001
        latency_seconds_bucket{path="/b",le="0.1"} 2 1700000002
        latency_seconds_bucket{path="/b",le="+Inf"} 3 1700000002
        # TYPE pool gaugehistogram
        pool_bucket{le="-1"} 1
        pool_bucket{le="+Inf"} 4
        pool_gcount 4
        pool_gsum -2
        # TYPE state stateset
        state{state="on"} 1
        state{state="off"} 0
        # TYPE build info
        build_info{version="1.2"} 1
        # TYPE rpc_seconds summary
        rpc_seconds{quantile="0.5"} 0.2
        rpc_seconds{quantile="0.99"} 0.9
        rpc_seconds_sum 10
        rpc_seconds_count 50
        # TYPE other unknown
        other 1
        no_metadata 2
        # EOF

        """;

    public static TheoryData<string, ExpositionFormat, string> Bodies => new()
    {
        { "text", ExpositionFormat.TextPlain004, TextBody },
        { "text node exporter", ExpositionFormat.TextPlain004, NodeExporterExposition.Body },
        { "text second TYPE in a later part", ExpositionFormat.TextPlain004, "# TYPE a gauge\na 1\nb 2\nc 3\n# TYPE a counter\n" },
        { "text TYPE after samples", ExpositionFormat.TextPlain004, "x 1\n# HELP y y\ny 2\n# TYPE x gauge\n" },
        { "text error in a late line", ExpositionFormat.TextPlain004, "# TYPE a gauge\na 1\na{x=\"1\"} 2\na{x=\"2\" 3\n" },
        { "openmetrics", ExpositionFormat.OpenMetrics100, OpenMetricsBody },
        { "openmetrics histogram with exemplars", ExpositionFormat.OpenMetrics100, """
            # TYPE h histogram
            # HELP h A histogram.
            h_bucket{le="0.5"} 1 # {trace_id="a"} 0.25 1.5
            h_bucket{le="1"} 2 # {trace_id="b"} 0.75
            h_bucket{le="+Inf"} 3 # {trace_id="c"} 7 2.5
            h_count 3
            h_sum 8
            # EOF
            """ },
        { "openmetrics buckets out of order across lines", ExpositionFormat.OpenMetrics100,
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 2\nh_bucket{le=\"0.5\"} 3\nh_bucket{le=\"+Inf\"} 3\n# EOF\n" },
        { "openmetrics count other than +Inf", ExpositionFormat.OpenMetrics100,
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 3\nh_count 4\nh_sum 1\n# EOF\n" },
        { "openmetrics interleaved metrics", ExpositionFormat.OpenMetrics100,
            "# TYPE g gauge\ng{a=\"1\"} 1\ng{a=\"2\"} 1\ng{a=\"1\"} 2\n# EOF\n" },
        { "openmetrics timestamps go backwards", ExpositionFormat.OpenMetrics100,
            "# TYPE g gauge\ng 1 10\ng 2 20\ng 3 15\n# EOF\n" },
        { "openmetrics family repeats", ExpositionFormat.OpenMetrics100,
            "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\na 2\n# EOF\n" },
        { "openmetrics metadata after samples", ExpositionFormat.OpenMetrics100,
            "# TYPE a gauge\na 1\na{x=\"y\"} 2\n# HELP a late\n# EOF\n" },
        { "openmetrics second HELP", ExpositionFormat.OpenMetrics100,
            "# HELP a one\n# TYPE a gauge\n# HELP a two\na 1\n# EOF\n" },
        { "openmetrics counter without total", ExpositionFormat.OpenMetrics100,
            "# TYPE c counter\nc_created{a=\"1\"} 1\nc_total{a=\"2\"} 1\n# EOF\n" },
        { "openmetrics missing EOF", ExpositionFormat.OpenMetrics100, "# TYPE a gauge\na 1\na{x=\"y\"} 2\n" },
        { "openmetrics missing EOF without final feed", ExpositionFormat.OpenMetrics100, "# TYPE a gauge\na 1\na{x=\"y\"} 2" },
        { "openmetrics EOF without final feed", ExpositionFormat.OpenMetrics100, "a 1\nb 2\n# EOF" },
        { "openmetrics text after EOF", ExpositionFormat.OpenMetrics100, "a 1\n# EOF\nb 2\n" },
        { "openmetrics blank line after EOF", ExpositionFormat.OpenMetrics100, "a 1\nb 2\n# EOF\n\n" },
        { "openmetrics invalid UTF-8 late", ExpositionFormat.OpenMetrics100, "a 1\nb 2\nc{x=\"\u00e9\"} 3\n# EOF\n" },
    };

    private static byte[] Bytes(string name, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        if (name == "openmetrics invalid UTF-8 late")
        {
            // Cut the two-byte é to its first byte.
            var at = Array.IndexOf(bytes, (byte)0xA9);
            bytes = [.. bytes[..at], .. bytes[(at + 1)..]];
        }
        return bytes;
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void SplittingAtEveryLineBoundaryIntoTwoChunks_GivesTheSingleSpanEntries(string name, ExpositionFormat format, string text)
    {
        var body = Bytes(name, text);
        var whole = Whole(format, body);
        Assert.NotEmpty(whole);
        var state = new ParserState();
        foreach (var at in LineBoundaries(body))
        {
            var chunked = Chunked(format, SplitAt(body, at), state);
            Assert.True(ReadsAsWhole(whole, chunked), $"split at byte {at}:\n{Diff(whole, chunked)}");
        }
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004, TextBody)]
    [InlineData(ExpositionFormat.OpenMetrics100, OpenMetricsBody)]
    public void TheConformanceBodies_AreValid(ExpositionFormat format, string text) =>
        Assert.Equal("end", Whole(format, Encoding.UTF8.GetBytes(text))[^1]);

    [Theory]
    [MemberData(nameof(Bodies))]
    public void SplittingIntoOneLineChunks_GivesTheSingleSpanEntries(string name, ExpositionFormat format, string text)
    {
        var body = Bytes(name, text);
        var whole = Whole(format, body);
        var chunked = Chunked(format, OneLinePerChunk(body));
        Assert.True(ReadsAsWhole(whole, chunked), Diff(whole, chunked));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void EmptyChunksBetweenChunks_ChangeNothing(string name, ExpositionFormat format, string text)
    {
        var body = Bytes(name, text);
        var chunks = OneLinePerChunk(body).SelectMany(chunk => new[] { [], chunk }).ToArray();
        var chunked = Chunked(format, chunks);
        var whole = Whole(format, body);
        Assert.True(ReadsAsWhole(whole, chunked), Diff(whole, chunked));
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004, "# TYPE a gauge\na 1\n# HELP b x\n# TYPE a counter\nb 2\n", "error 4: line 4: second TYPE line for metric \"a\"")]
    [InlineData(ExpositionFormat.OpenMetrics100, "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 2\nh_bucket{le=\"0.5\"} 3\n# EOF\n", "error 4: line 4: histogram bucket \"h_bucket\" is out of order (buckets must be sorted by increasing \"le\", each \"le\" once)")]
    public void AnErrorInTheSecondChunk_NamesTheLineOfTheWholeBody(ExpositionFormat format, string text, string error)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var whole = Whole(format, body);
        var chunked = Chunked(format, SplitAt(body, LineBoundaries(body)[3]));
        Assert.Equal(error, chunked[^1]);
        Assert.Equal(whole, chunked);
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void AFamilyWhoseTypeAndHelpAreInAnEarlierChunk_KeepsItsNameKindAndHelp(ExpositionFormat format)
    {
        var state = new ParserState();
        state.Reset();
        var first = Encoding.UTF8.GetBytes("# HELP long_family_name_seconds Its help.\n# TYPE long_family_name_seconds histogram\n");
        Drain(format, first, state, final: false);
        // The first chunk's bytes are gone before the second is parsed.
        first.AsSpan().Fill((byte)'?');

        var second = Encoding.UTF8.GetBytes("long_family_name_seconds_bucket{le=\"+Inf\"} 1\nlong_family_name_seconds_count 1\n");
        var seen = new List<(string Family, MetricKind Kind, string Help, int Index, int Line)>();
        if (format == ExpositionFormat.TextPlain004)
        {
            var parser = new TextFormatParser(second, state, final: false);
            while (parser.Next() == ExpositionEntry.Series)
            {
                seen.Add((Encoding.UTF8.GetString(parser.FamilyName), parser.FamilyKind, Encoding.UTF8.GetString(parser.RawFamilyHelp), parser.FamilyIndex, parser.LineNumber));
            }
        }
        else
        {
            var parser = new OpenMetricsParser(second, state, final: false);
            while (parser.Next() == ExpositionEntry.Series)
            {
                seen.Add((Encoding.UTF8.GetString(parser.FamilyName), parser.FamilyKind, Encoding.UTF8.GetString(parser.RawFamilyHelp), parser.FamilyIndex, parser.LineNumber));
            }
        }
        Assert.Equal(
            [("long_family_name_seconds", MetricKind.Histogram, "Its help.", 0, 3), ("long_family_name_seconds", MetricKind.Histogram, "Its help.", 0, 4)],
            seen);
    }

    [Fact]
    public void AUnitInAnEarlierChunk_IsKept()
    {
        var chunks = new[]
        {
            Encoding.UTF8.GetBytes("# TYPE size_bytes gauge\n# UNIT size_bytes bytes\n"),
            Encoding.UTF8.GetBytes("size_bytes 1\n"),
            Encoding.UTF8.GetBytes("size_bytes{a=\"b\"} 2\n# EOF\n"),
        };
        var chunked = Chunked(ExpositionFormat.OpenMetrics100, chunks);
        Assert.All(chunked.Where(line => line.Contains(" Series ")), line => Assert.EndsWith("| family size_bytes Gauge help= unit=bytes #0", line));
    }

    [Fact]
    public void EofInTheLastChunkThenTextInALaterChunk_IsAnError()
    {
        var chunks = new[] { "a 1\n"u8.ToArray(), "# EOF\n"u8.ToArray(), "b 2\n"u8.ToArray() };
        var chunked = Chunked(ExpositionFormat.OpenMetrics100, chunks);
        Assert.Equal("error 3: line 3: text after \"# EOF\"", chunked[^1]);
    }

    [Fact]
    public void EofAtTheEndOfANonFinalChunk_FollowedByAnEmptyFinalChunk_IsValid()
    {
        var chunks = new[] { "a 1\n# EOF\n"u8.ToArray(), Array.Empty<byte>() };
        var chunked = Chunked(ExpositionFormat.OpenMetrics100, chunks);
        Assert.Equal("end", chunked[^1]);
        Assert.Contains(chunked, line => line.StartsWith("2 EndOfFile", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingEof_IsAnErrorOfTheFinalChunkOnly()
    {
        var state = new ParserState();
        state.Reset();
        Drain(ExpositionFormat.OpenMetrics100, "a 1\n"u8.ToArray(), state, final: false);
        var error = Assert.Throws<ExpositionFormatException>(() => Drain(ExpositionFormat.OpenMetrics100, [], state, final: true));
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("missing \"# EOF\"", error.Message);
    }

    [Fact]
    public void ALastLineWithoutLineFeed_IsReadInTheFinalChunk()
    {
        var chunks = new[] { "a 1\n"u8.ToArray(), "b 2"u8.ToArray() };
        var chunked = Chunked(ExpositionFormat.TextPlain004, chunks);
        Assert.Equal(Whole(ExpositionFormat.TextPlain004, "a 1\nb 2"u8.ToArray()), chunked);
        Assert.Contains(chunked, line => line.StartsWith("2 Series b", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void ANonFinalChunk_MustEndWithALineFeed(ExpositionFormat format)
    {
        var state = new ParserState();
        Assert.Throws<ArgumentException>(() => Drain(format, "a 1\nb 2"u8.ToArray(), state, final: false));
    }

    [Fact]
    public void AByteOrderMark_IsAnErrorOfTheFirstChunkOnly()
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        var first = Chunked(ExpositionFormat.OpenMetrics100, [[.. bom, .. "a 1\n"u8], "# EOF\n"u8.ToArray()]);
        Assert.Equal("error 1: line 1: byte order mark at the start of the body", first[^1]);
        // In a later chunk the same bytes are a line's invalid start, reported as the whole body would.
        var body = (byte[])[.. "a 1\n"u8, .. bom, .. "b 1\n# EOF\n"u8];
        Assert.Equal(Whole(ExpositionFormat.OpenMetrics100, body), Chunked(ExpositionFormat.OpenMetrics100, SplitAt(body, 4)));
    }

    [Theory]
    [InlineData(ExpositionFormat.TextPlain004)]
    [InlineData(ExpositionFormat.OpenMetrics100)]
    public void ChunkedParsing_SteadyState_AllocatesNothing(ExpositionFormat format)
    {
        var body = Encoding.UTF8.GetBytes(format == ExpositionFormat.TextPlain004 ? TextBody : OpenMetricsBody);
        var chunks = OneLinePerChunk(body);
        var state = new ParserState();
        var checksum = DrainAll(format, chunks, state);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            checksum += DrainAll(format, chunks, state);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    private static double DrainAll(ExpositionFormat format, byte[][] chunks, ParserState state)
    {
        state.Reset();
        var sum = 0.0;
        for (var i = 0; i < chunks.Length; i++)
        {
            sum += Drain(format, chunks[i], state, final: i == chunks.Length - 1);
        }
        return sum;
    }

    private static double Drain(ExpositionFormat format, byte[] chunk, ParserState state, bool final)
    {
        var sum = 0.0;
        if (format == ExpositionFormat.TextPlain004)
        {
            var parser = new TextFormatParser(chunk, state, final);
            ExpositionEntry entry;
            while ((entry = parser.Next()) != ExpositionEntry.EndOfInput)
            {
                sum += entry == ExpositionEntry.Series ? parser.Value + parser.FamilyName.Length : 1;
            }
        }
        else
        {
            var parser = new OpenMetricsParser(chunk, state, final);
            ExpositionEntry entry;
            while ((entry = parser.Next()) != ExpositionEntry.EndOfInput)
            {
                sum += entry == ExpositionEntry.Series ? parser.Value + parser.FamilyName.Length : 1;
            }
        }
        return double.IsNaN(sum) ? 1 : sum;
    }

    private static string Diff(List<string> whole, List<string> chunked)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < Math.Max(whole.Count, chunked.Count); i++)
        {
            var w = i < whole.Count ? whole[i] : "<none>";
            var c = i < chunked.Count ? chunked[i] : "<none>";
            if (w != c)
            {
                builder.Append("whole:   ").AppendLine(w).Append("chunked: ").AppendLine(c);
            }
        }
        return builder.ToString();
    }
}
