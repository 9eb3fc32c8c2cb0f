using static OrleansScrape.Prometheus.Tests.Exposition.ExpositionReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

public sealed class TimestampTests
{
    [Fact]
    public void Timestamp_Milliseconds_IsParsed()
    {
        var entry = ParseSingle("m{a=\"1\"} 3 1395066363000\n");

        Assert.True(entry.HasTimestamp);
        Assert.Equal(1395066363000, entry.Timestamp);
    }

    [Fact]
    public void Timestamp_Negative_IsParsed()
    {
        var entry = ParseSingle("m 3 -1395066363000\n");

        Assert.True(entry.HasTimestamp);
        Assert.Equal(-1395066363000, entry.Timestamp);
    }

    [Fact]
    public void Timestamp_Absent_IsReportedAsAbsent()
    {
        Assert.False(ParseSingle("m 3\n").HasTimestamp);
    }

    [Fact]
    public void Timestamp_TrailingBlanks_AreAccepted()
    {
        Assert.Equal(5, ParseSingle("m 3 5 \t\n").Timestamp);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("abc")]
    [InlineData("-")]
    [InlineData("+5")]
    [InlineData("12a")]
    public void Timestamp_NotAnInteger_IsRejected(string token)
    {
        var error = ParseError($"m 3 {token}\n");

        Assert.Equal($"line 1: invalid timestamp \"{token}\" for metric \"m\"", error.Message);
    }

    [Theory]
    [InlineData("999999999999999999", 999999999999999999)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    public void Timestamp_FullInt64Range_IsParsed(string token, long expected)
    {
        Assert.Equal(expected, ParseSingle($"m 3 {token}\n").Timestamp);
    }

    [Fact]
    public void Timestamp_BeyondInt64_IsRejected()
    {
        Assert.Contains("invalid timestamp \"9223372036854775808\"", ParseError("m 3 9223372036854775808\n").Message);
    }

    [Fact]
    public void Timestamp_FollowedByMoreText_IsRejected()
    {
        var error = ParseError("m 1\nm 3 5 extra\n");

        Assert.Equal(2, error.LineNumber);
        Assert.Equal("line 2: unexpected \"extra\" after the timestamp of metric \"m\"", error.Message);
    }
}
