using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>Content negotiation: the Accept header sent and the parser chosen from the Content-Type received.</summary>
public sealed class NegotiationTests
{
    [Theory]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics100)]
    [InlineData("application/openmetrics-text;version=1.0.0", ExpositionFormat.OpenMetrics100)]
    [InlineData("application/openmetrics-text", ExpositionFormat.OpenMetrics100)]
    [InlineData("Application/OpenMetrics-Text; Version=\"1.0.0\"", ExpositionFormat.OpenMetrics100)]
    [InlineData("application/openmetrics-text; version=0.0.1; charset=utf-8", ExpositionFormat.OpenMetrics001)]
    [InlineData("application/openmetrics-text;version=\"0.0.1\"", ExpositionFormat.OpenMetrics001)]
    [InlineData("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.TextPlain004)]
    [InlineData("text/plain;version=1.0.0;escaping=underscores", ExpositionFormat.TextPlain004)]
    [InlineData("text/plain", ExpositionFormat.TextPlain004)]
    public void FromContentType_RecognisesTheExpositionMediaTypes(string contentType, ExpositionFormat expected) =>
        Assert.Equal(expected, ExpositionFormat.FromContentType(contentType));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("text/html")]
    [InlineData("application/json")]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited")]
    [InlineData(";;;")]
    public void FromContentType_MissingOrUnknownFallsBackToText(string? contentType)
    {
        Assert.Equal(ExpositionFormat.TextPlain004, ExpositionFormat.FromContentType(contentType));
        Assert.Equal(ExpositionFormat.OpenMetrics100, ExpositionFormat.FromContentType(contentType, ExpositionFormat.OpenMetrics100));
    }

    [Fact]
    public void FromContentType_KnownTypesIgnoreTheFallback() =>
        Assert.Equal(ExpositionFormat.TextPlain004, ExpositionFormat.FromContentType("text/plain", ExpositionFormat.OpenMetrics100));

    [Fact]
    public void AcceptHeader_ForTheDefaults_MatchesPrometheus()
    {
        Assert.Equal(
            [ScrapeProtocols.OpenMetricsText100, ScrapeProtocols.OpenMetricsText001, ScrapeProtocols.PrometheusText100, ScrapeProtocols.PrometheusText004],
            ScrapeProtocols.Default);
        Assert.Equal(
            "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6," +
            "application/openmetrics-text;version=0.0.1;q=0.5," +
            "text/plain;version=1.0.0;escaping=underscores;q=0.4," +
            "text/plain;version=0.0.4;q=0.3," +
            "*/*;q=0.2",
            ScrapeProtocols.AcceptHeader(ScrapeProtocols.Default));
        Assert.Equal(ScrapeProtocols.AcceptHeader(ScrapeProtocols.Default), ScrapeProtocols.DefaultAcceptHeader);
    }

    [Fact]
    public void AcceptHeader_FollowsTheConfiguredOrder()
    {
        Assert.Equal("text/plain;version=0.0.4;q=0.6,*/*;q=0.5", ScrapeProtocols.AcceptHeader([ScrapeProtocols.PrometheusText004]));
        Assert.Equal(
            "text/plain;version=0.0.4;q=0.6,application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.5,*/*;q=0.4",
            ScrapeProtocols.AcceptHeader([ScrapeProtocols.PrometheusText004, ScrapeProtocols.OpenMetricsText100]));
    }

    [Theory]
    [InlineData("OpenMetricsText1.0.0", "application/openmetrics-text;version=1.0.0")]
    [InlineData("OpenMetricsText0.0.1", "application/openmetrics-text;version=0.0.1")]
    [InlineData("PrometheusText1.0.0", "text/plain;version=1.0.0")]
    [InlineData("PrometheusText0.0.4", "text/plain;version=0.0.4")]
    [InlineData("PrometheusProto", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")]
    public void MediaType_IsWhatPrometheusAsksForPerProtocol(string protocol, string mediaType) =>
        Assert.Equal(mediaType, ScrapeProtocols.MediaType(protocol));

    [Fact]
    public void ScrapeProtocols_AcceptsEveryPrometheusNameButProtobuf()
    {
        Assert.Equal(5, ScrapeProtocols.Known.Count);
        Assert.All(ScrapeProtocols.Supported, p => Assert.True(ScrapeProtocols.TryValidate(p, out _)));
        Assert.True(ScrapeProtocols.TryValidate(["PrometheusText0.0.4", "OpenMetricsText1.0.0"], out var error));
        Assert.Null(error);
    }

    [Fact]
    public void ScrapeProtocols_RejectsProtobufWithAClearMessage()
    {
        Assert.True(ScrapeProtocols.IsKnown(ScrapeProtocols.PrometheusProto));
        Assert.False(ScrapeProtocols.TryValidate([ScrapeProtocols.PrometheusProto, ScrapeProtocols.PrometheusText004], out var error));
        Assert.Contains("\"PrometheusProto\"", error);
        Assert.Contains("not supported", error);
        var thrown = Assert.Throws<ArgumentException>(() => ScrapeProtocols.AcceptHeader([ScrapeProtocols.PrometheusProto]));
        Assert.Contains("not supported", thrown.Message);
    }

    [Theory]
    [InlineData("OpenMetricsText2.0.0")]
    [InlineData("openmetricstext1.0.0")]
    [InlineData("")]
    public void ScrapeProtocols_RejectsUnknownNames(string protocol)
    {
        Assert.False(ScrapeProtocols.TryValidate([protocol], out var error));
        Assert.Contains("unknown scrape protocol", error);
        Assert.Throws<ArgumentException>(() => ScrapeProtocols.Format(protocol));
    }

    [Fact]
    public void ScrapeProtocols_RejectsEmptyAndDuplicatedLists()
    {
        Assert.False(ScrapeProtocols.TryValidate([], out var empty));
        Assert.Contains("cannot be empty", empty);
        Assert.False(ScrapeProtocols.TryValidate([ScrapeProtocols.PrometheusText004, "PrometheusText0.0.4"], out var duplicate));
        Assert.Contains("duplicated", duplicate);
        Assert.Throws<ArgumentException>(() => ScrapeProtocols.Validate([]));
    }

    [Theory]
    [InlineData("OpenMetricsText1.0.0", ExpositionFormat.OpenMetrics100)]
    [InlineData("OpenMetricsText0.0.1", ExpositionFormat.OpenMetrics001)]
    [InlineData("PrometheusText1.0.0", ExpositionFormat.TextPlain004)]
    [InlineData("PrometheusText0.0.4", ExpositionFormat.TextPlain004)]
    public void Format_MapsAFallbackProtocolToItsParser(string protocol, ExpositionFormat format) =>
        Assert.Equal(format, ScrapeProtocols.Format(protocol));
}
