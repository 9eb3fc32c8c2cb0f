using static OrleansScrape.Prometheus.Tests.Exposition.OpenMetricsReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

/// <summary>Exemplars: <c># {labels} value [timestamp]</c> after a sample.</summary>
public sealed class OpenMetricsExemplarTests
{
    [Fact]
    public void Exemplar_ExposesLabelsValueAndTimestamp()
    {
        var series = Series("""
            # TYPE foo histogram
            foo_bucket{le="0.01"} 0
            foo_bucket{le="0.1"} 8 # {} 0.054
            foo_bucket{le="1"} 11 # {trace_id="KOO5S4vxi0o"} 0.67
            foo_bucket{le="10"} 17 # {trace_id="oHg5SJYRHA0",span_id="a\"b"} 9.8 1520879607.789
            foo_bucket{le="+Inf"} 17
            foo_count 17
            foo_sum 324789.3
            foo_created 1520430000.123
            # EOF
            """);

        Assert.Null(series[0].ExemplarLabels);
        Assert.Empty(series[1].ExemplarLabels!);
        Assert.Equal(0.054, series[1].ExemplarValue);
        Assert.Null(series[1].ExemplarTimestampNanoseconds);
        Assert.Equal([new("trace_id", "KOO5S4vxi0o")], series[2].ExemplarLabels!);
        Assert.Equal([new("trace_id", "oHg5SJYRHA0"), new("span_id", "a\"b")], series[3].ExemplarLabels!);
        Assert.Equal(9.8, series[3].ExemplarValue);
        Assert.Equal(1_520_879_607_789_000_000L, series[3].ExemplarTimestampNanoseconds);
        // The exemplar leaves the sample itself untouched.
        Assert.Equal(17, series[3].Value);
        Assert.False(series[3].HasTimestamp);
    }

    [Fact]
    public void Exemplar_MayFollowTheSampleTimestamp()
    {
        var series = SingleSeries("# TYPE a counter\na_total{} 0 123 # {a=\"b\"} 0.5\n# EOF\n");

        Assert.Equal(123_000L, series.TimestampMilliseconds);
        Assert.Equal([new("a", "b")], series.ExemplarLabels!);
        Assert.Equal(0.5, series.ExemplarValue);
    }

    [Fact]
    public void Exemplar_HashesInsideLabelValuesDoNotStartOne()
    {
        var series = SingleSeries("# TYPE a counter\na_total{foo=\"bar # \"} 1 # {a=\"b\",foo=\"bar # bar\"} 0.5\n# EOF\n");
        Assert.Equal("bar # ", series.Labels[0].Value);
        Assert.Equal("bar # bar", series.ExemplarLabels![1].Value);
    }

    [Theory]
    [InlineData("gauge", "a 1 # {a=\"b\"} 1")]
    [InlineData("unknown", "a 1 # {a=\"b\"} 1")]
    [InlineData("info", "a_info 1 # {a=\"b\"} 1")]
    [InlineData("stateset", "a{a=\"b\"} 1 # {c=\"d\"} 1")]
    [InlineData("summary", "a_count 1 # {a=\"b\"} 1")]
    [InlineData("histogram", "a_sum 1 # {a=\"b\"} 0.5")]
    [InlineData("gaugehistogram", "a_gsum 1 # {a=\"b\"} 0.5")]
    [InlineData("counter", "a_created 1 # {a=\"b\"} 0.5")]
    public void ExemplarsOnlyOnCounterTotalsAndHistogramBuckets(string type, string line)
    {
        AssertInvalid($"# TYPE a {type}\n{line}\n# EOF\n", 2, "only counter totals and histogram buckets");
        AssertValid("# TYPE a gaugehistogram\na_bucket{le=\"+Inf\"} 3 123 # {a=\"d\"} 4 123\n# EOF\n");
    }

    [Fact]
    public void ExemplarLabelsHaveAtMost128Characters()
    {
        // Counted in code points of names and unescaped values: "a" plus 127 characters is the limit.
        var wide = "☃" + new string('x', 126);
        AssertValid($"# TYPE a histogram\na_bucket{{le=\"+Inf\"}} 1 # {{a=\"{wide}\"}} 1 1\n# EOF\n");
        AssertValid($"# TYPE a counter\na_total 1 # {{a=\"\\\"{new string('x', 126)}\"}} 1\n# EOF\n");
        AssertValid($"# TYPE a counter\na_total 1 # {{ab=\"{new string('x', 63)}\",cd=\"{new string('x', 61)}\"}} 1\n# EOF\n");

        AssertInvalid($"# TYPE a histogram\na_bucket{{le=\"+Inf\"}} 1 # {{a=\"{wide}x\"}} 1 1\n# EOF\n", 2, "longer than 128 characters");
        AssertInvalid($"# TYPE a counter\na_total 1 # {{ab=\"{new string('x', 63)}\",cd=\"{new string('x', 62)}\"}} 1\n# EOF\n", 2, "longer than 128 characters");
        // A combining mark is a code point of its own.
        AssertInvalid($"# TYPE a counter\na_total 1 # {{a=\"{string.Concat(Enumerable.Repeat("e\u0301", 64))}\"}} 1\n# EOF\n", 2, "longer than 128 characters");
    }

    [Theory]
    [InlineData("a_total 1 #", "expected \"# {\"")]
    [InlineData("a_total 1# {} 1", "invalid value")]
    [InlineData("a_total 1 #{} 1", "expected \"# {\"")]
    [InlineData("a_total 1 # {}1", "expected a space and a value")]
    [InlineData("a_total 1 # {} 1 ", "unexpected space")]
    [InlineData("a_total 1 # {} 1 1 ", "unexpected space")]
    [InlineData("a_total 1 # {} 1 1 1", "unexpected space")]
    [InlineData("a_total 1 1 # {id=\"a\"}  ", "missing exemplar value")]
    [InlineData("a_total 1 # {}", "expected a space and a value")]
    [InlineData("a_total 1 1 # id=\"a\"} 1", "expected \"# {\"")]
    [InlineData("a_total 1 1 id=\" # \"} 1", "after the timestamp")]
    [InlineData("a_total 1 # {} 0x1p-3", "invalid exemplar value")]
    [InlineData("a_total 1 # {a=\"1\",a=\"2\"} 1", "duplicate label name")]
    [InlineData("a_total 1 # {a=\"1\",} 1", "trailing comma")]
    public void ExemplarSyntax_Invalid(string line, string reason) => AssertInvalid($"# TYPE a counter\n{line}\n# EOF\n", 2, reason);

    [Theory]
    [InlineData("NaN")]
    [InlineData("Inf")]
    [InlineData("-Inf")]
    [InlineData("0x1p-3")]
    public void ExemplarTimestampIsARealNumber(string token) =>
        AssertInvalid($"# TYPE a counter\na_total 1 # {{a=\"b\"}} 0.5 {token}\n# EOF\n", 2, "invalid exemplar timestamp");

    [Fact]
    public void ExemplarValueLiesWithinItsBucket()
    {
        AssertValid("# TYPE a histogram\na_bucket{le=\"1\"} 1 # {} 1\na_bucket{le=\"+Inf\"} 1 # {} 1e300\n# EOF\n");
        AssertInvalid("# TYPE a histogram\na_bucket{le=\"1\"} 1 # {} 1.5\na_bucket{le=\"+Inf\"} 1\n# EOF\n", 2, "above the bucket's \"le\"");
        AssertInvalid("# TYPE a histogram\na_bucket{le=\"+Inf\"} 1 # {} NaN\n# EOF\n", 2, "above the bucket's \"le\"");
    }
}
