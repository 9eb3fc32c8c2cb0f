using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class HashModActionTests
{
    // Prometheus: the last 8 bytes of the MD5 sum as a big-endian uint64, modulo the modulus.
    private static string Expected(string joined, ulong modulus)
    {
        var sum = MD5.HashData(Encoding.UTF8.GetBytes(joined));
        return (BinaryPrimitives.ReadUInt64BigEndian(sum.AsSpan(8)) % modulus).ToString(CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("baz", 1000UL)]
    [InlineData("10.0.0.5:9102", 3UL)]
    [InlineData("prometheus", 7UL)]
    [InlineData("ünïcödé ✓", 1000UL)]
    [InlineData("x", 18446744073709551615UL)]
    public void HashMod_SetsTargetToMd5OfValueModuloModulus(string value, ulong modulus)
    {
        var yaml = $"""
            relabel_configs:
              - source_labels: [a]
                target_label: shard
                modulus: {modulus}
                action: hashmod
            """;

        Assert.Equal($"a={value} shard={Expected(value, modulus)}", Apply(yaml, $"a={value}"));
    }

    [Fact]
    public void HashMod_KnownPrometheusValues()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a]
                target_label: d
                modulus: 1000
                action: hashmod
            """;
        var rules = Rules(Yaml);

        Assert.Equal("a=baz d=976", Apply(rules, "a=baz"));
        Assert.Equal("a=foo\nbar d=734", Apply(rules, "a=foo\nbar"));
    }

    [Fact]
    public void HashMod_HashesJoinedSourcesIncludingMissingOnes()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a, missing, b]
                target_label: shard
                modulus: 1000
                action: hashmod
            """;

        Assert.Equal($"a=x b=y shard={Expected("x;;y", 1000)}", Apply(Yaml, "a=x", "b=y"));
    }

    [Fact]
    public void HashMod_NoSourceValue_HashesEmptyString()
    {
        const string Yaml = """
            relabel_configs:
              - target_label: shard
                modulus: 1000
                action: hashmod
            """;

        Assert.Equal($"shard={Expected("", 1000)}", Apply(Yaml));
    }
}
