using OrleansScrape.Otlp.Exporters.OtlpHttp;

namespace OrleansScrape.Otlp.Tests.Exporters;

public class OtlpHttpExporterOptionsTests
{
    [Fact]
    public void Defaults_are_gzip_and_thirty_seconds()
    {
        var options = new OtlpHttpExporterOptions();

        Assert.Equal(OtlpCompression.Gzip, options.Compression);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Empty(options.Headers);
    }

    [Fact]
    public void Options_with_an_http_endpoint_are_valid()
    {
        Assert.Empty(new OtlpHttpExporterOptions { Endpoint = new Uri("http://collector:4318") }.Validate());
        Assert.Empty(new OtlpHttpExporterOptions { Endpoint = new Uri("https://collector") }.Validate());
    }

    [Fact]
    public void Missing_endpoint_is_a_problem()
    {
        Assert.Contains(new OtlpHttpExporterOptions().Validate(), problem => problem.Contains("endpoint is required"));
    }

    [Fact]
    public void Endpoint_must_be_absolute_http_or_https()
    {
        Assert.Contains(
            new OtlpHttpExporterOptions { Endpoint = new Uri("grpc://collector:4317") }.Validate(),
            problem => problem.Contains("http or https"));
        Assert.Contains(
            new OtlpHttpExporterOptions { Endpoint = new Uri("/v1", UriKind.Relative) }.Validate(),
            problem => problem.Contains("absolute"));
    }

    [Fact]
    public void Timeout_must_be_positive()
    {
        Assert.Contains(
            new OtlpHttpExporterOptions { Endpoint = new Uri("http://c"), Timeout = TimeSpan.Zero }.Validate(),
            problem => problem.Contains("timeout must be positive"));
    }

    [Fact]
    public void Headers_must_be_valid_and_not_ones_the_exporter_sets()
    {
        var options = new OtlpHttpExporterOptions
        {
            Endpoint = new Uri("http://c"),
            Headers = new()
            {
                ["Content-Type"] = "application/json",
                ["Bad Name"] = "x",
                ["X-Split"] = "a\r\nInjected: yes",
            },
        };

        var problems = options.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, problem => problem.Contains("'Content-Type' is set by the exporter"));
        Assert.Contains(problems, problem => problem.Contains("'Bad Name'"));
        Assert.Contains(problems, problem => problem.Contains("'X-Split' must not contain line breaks"));
    }
}
