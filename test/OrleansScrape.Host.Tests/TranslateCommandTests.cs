using System.Text;
using System.Text.Json;

namespace OrleansScrape.Host.Tests;

public sealed class TranslateCommandTests
{
    private static readonly DateTimeOffset ScrapeTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static (int Code, JsonElement Json, string Error) Translate(string body, string? format = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = TranslateCommand.Run(Encoding.UTF8.GetBytes(body), null, "node", "10.0.0.1:9100", format, ScrapeTime, output, error);
        var json = code == 0 ? JsonDocument.Parse(output.ToString()).RootElement : default;
        return (code, json, error.ToString());
    }

    [Fact]
    public void TextExposition_PrintsOtlpJsonWithTheResourceAndMetrics()
    {
        var (code, json, _) = Translate("# TYPE requests_total counter\nrequests_total{code=\"200\"} 5\n");

        Assert.Equal(0, code);
        var resource = json.GetProperty("resourceMetrics")[0];
        var attributes = resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
            .ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value").GetProperty("stringValue").GetString());
        Assert.Equal("node", attributes["service.name"]);
        Assert.Equal("10.0.0.1:9100", attributes["service.instance.id"]);
        Assert.Equal("10.0.0.1", attributes["server.address"]);
        var metric = resource.GetProperty("scopeMetrics")[0].GetProperty("metrics")[0];
        Assert.Equal("requests_total", metric.GetProperty("name").GetString());
        Assert.True(metric.GetProperty("sum").GetProperty("isMonotonic").GetBoolean());
        var point = metric.GetProperty("sum").GetProperty("dataPoints")[0];
        Assert.Equal(5, point.GetProperty("asDouble").GetDouble());
        Assert.Equal("1700000000000000000", point.GetProperty("timeUnixNano").GetString());
    }

    [Fact]
    public void OpenMetricsExposition_IsDetectedByItsEof()
    {
        var (code, json, _) = Translate("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_count 2\nh_sum 3\n# EOF\n");

        Assert.Equal(0, code);
        var metric = json.GetProperty("resourceMetrics")[0].GetProperty("scopeMetrics")[0].GetProperty("metrics")[0];
        var point = metric.GetProperty("histogram").GetProperty("dataPoints")[0];
        Assert.Equal("2", point.GetProperty("count").GetString());
        Assert.Equal(["1", "1"], point.GetProperty("bucketCounts").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void MalformedExposition_ExitsOneWithTheLine()
    {
        var (code, _, error) = Translate("ok 1\nbad{ 2\n");

        Assert.Equal(1, code);
        Assert.StartsWith("line 2:", error);
    }
}
