using System.Text;

namespace OrleansScrape.Host.Tests;

public sealed class CheckMetricsCommandTests : IDisposable
{
    private const string OpenMetricsBody = """
        # TYPE http_requests counter
        # HELP http_requests Requests served.
        http_requests_total{code="200"} 1027 # {trace_id="abc"} 1
        http_requests_total{code="500"} 3
        # TYPE temperature gauge
        temperature 21.5
        # EOF

        """;

    private const string TextBody = """
        # HELP http_requests_total Requests served.
        # TYPE http_requests_total counter
        http_requests_total{code="200"} 1027 1700000000000
        # A comment, which text 0.0.4 allows.
        temperature 21.5

        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-scrape-check-metrics-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void CheckMetrics_ValidOpenMetricsOnStdin_ExitsZeroWithASummary()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = CheckMetricsCommand.Run(new StringReader(OpenMetricsBody), null, "openmetrics", output, error);

        Assert.Equal(0, code);
        Assert.Equal("valid OpenMetrics 1.0.0 exposition: 2 families, 3 samples" + Environment.NewLine, output.ToString());
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void CheckMetrics_WithoutFormat_DetectsOpenMetricsByTheEofLine()
    {
        var output = new StringWriter();
        Assert.Equal(0, CheckMetricsCommand.Run(new StringReader(OpenMetricsBody), null, null, output, TextWriter.Null));
        Assert.StartsWith("valid OpenMetrics 1.0.0", output.ToString());

        // Blank lines after "# EOF" still make it OpenMetrics, where they are an error.
        var error = new StringWriter();
        Assert.Equal(1, CheckMetricsCommand.Run(new StringReader(OpenMetricsBody + "\n\n"), null, null, TextWriter.Null, error));
        Assert.Contains("text after \"# EOF\"", error.ToString());
    }

    [Fact]
    public void CheckMetrics_WithoutFormat_ParsesOtherInputAsText()
    {
        var output = new StringWriter();

        var code = CheckMetricsCommand.Run(new StringReader(TextBody), null, null, output, TextWriter.Null);

        Assert.Equal(0, code);
        Assert.Equal("valid Prometheus text 0.0.4 exposition: 2 families, 2 samples" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void CheckMetrics_TextBodyForcedToOpenMetrics_IsInvalid()
    {
        var error = new StringWriter();

        var code = CheckMetricsCommand.Run(new StringReader(TextBody), null, "openmetrics", TextWriter.Null, error);

        Assert.Equal(1, code);
        // In OpenMetrics a counter family "x_total" has samples "x_total_total", so "x_total" starts a clashing family.
        Assert.StartsWith("line 3: metric family \"http_requests_total\" appears twice or clashes", error.ToString());
    }

    [Fact]
    public void CheckMetrics_InvalidOpenMetrics_ExitsOneWithLineAndReason()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = CheckMetricsCommand.Run(new StringReader("# TYPE a counter\na_total -1\n# EOF\n"), null, null, output, error);

        Assert.Equal(1, code);
        Assert.Equal("", output.ToString());
        Assert.Equal("line 2: counter total \"a_total\" is negative" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void CheckMetrics_File_PrefixesMessagesWithTheFileName()
    {
        var valid = Path.Combine(_directory, "valid.txt");
        var invalid = Path.Combine(_directory, "invalid.txt");
        File.WriteAllText(valid, OpenMetricsBody);
        File.WriteAllText(invalid, "a 1\n\n# EOF\n");
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(0, CheckMetricsCommand.Run(valid, null, output, error));
        Assert.Equal(1, CheckMetricsCommand.Run(invalid, "openmetrics", output, error));

        Assert.StartsWith($"{valid}: valid OpenMetrics 1.0.0 exposition", output.ToString());
        Assert.Equal($"{invalid}: line 2: blank line" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void CheckMetrics_FileBytes_AreCheckedAsWritten()
    {
        // Invalid UTF-8 must reach the parser rather than turn into replacement characters.
        var path = Path.Combine(_directory, "latin1.txt");
        File.WriteAllBytes(path, [.. "a{l=\""u8, 0xE9, .. "\"} 1\n# EOF\n"u8]);
        var error = new StringWriter();

        Assert.Equal(1, CheckMetricsCommand.Run(path, null, TextWriter.Null, error));
        Assert.Equal($"{path}: line 1: invalid UTF-8" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void CheckMetrics_MissingFile_ExitsTwo()
    {
        var error = new StringWriter();
        var code = CheckMetricsCommand.Run(Path.Combine(_directory, "absent.txt"), null, TextWriter.Null, error);
        Assert.Equal(2, code);
        Assert.Contains("cannot read the file", error.ToString());
    }

    [Fact]
    public void CheckMetrics_UnknownFormat_ExitsTwo()
    {
        var error = new StringWriter();
        Assert.Equal(2, CheckMetricsCommand.Run(new StringReader("a 1\n"), null, "json", TextWriter.Null, error));
        Assert.Contains("unknown format \"json\"", error.ToString());
    }

    [Theory]
    [InlineData("a 1\n# EOF\n", true)]
    [InlineData("a 1\n# EOF", true)]
    [InlineData("a 1\n# EOF\r\n\n", true)]
    [InlineData("a 1\n", false)]
    [InlineData("# EOF\na 1\n", false)]
    [InlineData("a 1\n# EOF trailing\n", false)]
    [InlineData("", false)]
    public void EndsWithEof_LooksAtTheLastNonEmptyLine(string body, bool expected) =>
        Assert.Equal(expected, CheckMetricsCommand.EndsWithEof(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void CommandLine_ParsesCheckMetricsWithFileAndFormat()
    {
        var parse = CommandLine.Build().Parse(["check", "metrics", "-", "--format", "openmetrics"]);
        Assert.Empty(parse.Errors);

        Assert.NotEmpty(CommandLine.Build().Parse(["check", "metrics", "--format", "yaml"]).Errors);
        Assert.Empty(CommandLine.Build().Parse(["check", "metrics"]).Errors);
    }
}
