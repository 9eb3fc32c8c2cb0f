using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Exposition.ExpositionReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

public sealed class SeriesLineTests
{
    [Fact]
    public void Series_NameAndValue_AreParsed()
    {
        var entry = ParseSingle("http_requests_total 1027\n");

        Assert.Equal(ExpositionEntry.Series, entry.Entry);
        Assert.Equal("http_requests_total", entry.Name);
        Assert.Empty(entry.Labels);
        Assert.Equal(1027, entry.Value);
        Assert.False(entry.HasTimestamp);
    }

    [Fact]
    public void MetricName_WithColonsUnderscoresAndDigits_IsAccepted()
    {
        Assert.Equal(":job:http_requests:rate5m_2", ParseSingle(":job:http_requests:rate5m_2 1\n").Name);
    }

    [Fact]
    public void MetricName_StartingWithUnderscore_IsAccepted()
    {
        Assert.Equal("_private", ParseSingle("_private 1\n").Name);
    }

    [Fact]
    public void MetricName_StartingWithDigit_IsRejectedWithLineNumber()
    {
        var error = ParseError("ok 1\n1abc 2\n");

        Assert.Equal(2, error.LineNumber);
        Assert.Equal("line 2: invalid metric name \"1abc\"", error.Message);
    }

    [Fact]
    public void MetricName_WithInvalidCharacter_IsRejected()
    {
        var error = ParseError("http-requests 1\n");

        Assert.Equal("line 1: invalid metric name \"http-requests\"", error.Message);
    }

    [Fact]
    public void MetricName_WithDot_IsRejected()
    {
        Assert.Contains("invalid metric name \"http.requests\"", ParseError("http.requests 1\n").Message);
    }

    [Fact]
    public void Series_MissingValue_IsRejected()
    {
        var error = ParseError("up\n");

        Assert.Equal("line 1: missing value for metric \"up\"", error.Message);
    }

    [Fact]
    public void Series_LabelsWithoutValue_AreRejected()
    {
        Assert.Contains("missing value for metric \"up\"", ParseError("up{job=\"a\"}  \n").Message);
    }

    [Fact]
    public void Series_ValueAndTimestamp_AreParsed()
    {
        var entry = ParseSingle("up 1 1700000000123\n");

        Assert.Equal(1, entry.Value);
        Assert.True(entry.HasTimestamp);
        Assert.Equal(1700000000123, entry.Timestamp);
    }

    [Fact]
    public void Series_MultipleSpacesBetweenTokens_AreAccepted()
    {
        var entry = ParseSingle("up   {job=\"a\"}     1     42\n");

        Assert.Equal("up", entry.Name);
        Assert.Equal(1, entry.Value);
        Assert.Equal(42, entry.Timestamp);
    }

    [Fact]
    public void Series_TabsBetweenTokens_AreAccepted()
    {
        var entry = ParseSingle("up\t{job=\"a\"}\t1\t42\n");

        Assert.Equal(1, entry.Value);
        Assert.Equal(42, entry.Timestamp);
    }

    [Fact]
    public void Series_NoBlankBetweenLabelsAndValue_IsAccepted()
    {
        // The Prometheus server reads the value right after '}'.
        var entry = ParseSingle("up{job=\"a\"}1\n");

        Assert.Equal(1, entry.Value);
    }

    [Fact]
    public void Series_LeadingBlanks_AreAccepted()
    {
        Assert.Equal("up", ParseSingle("  \tup 1\n").Name);
    }

    [Fact]
    public void Series_TrailingBlanks_AreAccepted()
    {
        var entry = ParseSingle("up 1 \t \n");

        Assert.Equal(1, entry.Value);
        Assert.False(entry.HasTimestamp);
    }

    [Fact]
    public void Series_CarriageReturnLineEnding_IsRejected()
    {
        var error = ParseError("up 1\r\n");

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("invalid value \"1\\x0d\"", error.Message);
    }
}
