using System.Globalization;
using System.Text;
using OrleansScrape.Prometheus.Exposition;
using static OrleansScrape.Prometheus.Tests.Exposition.ExpositionReader;

namespace OrleansScrape.Prometheus.Tests.Exposition;

public sealed class ValueTests
{
    private static double ValueOf(string token) => ParseSingle($"m {token}\n").Value;

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("42", 42.0)]
    [InlineData("+42", 42.0)]
    [InlineData("1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("007", 7.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("123456789012345", 123456789012345.0)]
    [InlineData("12345678901234567890", 12345678901234567890.0)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    [InlineData("4.9e-324", double.Epsilon)]
    public void Value_DecimalForms_AreParsed(string token, double expected)
    {
        Assert.Equal(expected, ValueOf(token));
    }

    [Theory]
    [InlineData("-1", -1.0)]
    [InlineData("-0.25", -0.25)]
    [InlineData("-1.5e3", -1500.0)]
    [InlineData("-123456789012345678", -123456789012345678.0)]
    public void Value_Negative_IsParsed(string token, double expected)
    {
        Assert.Equal(expected, ValueOf(token));
    }

    [Fact]
    public void Value_NegativeZero_KeepsItsSign()
    {
        Assert.True(double.IsNegative(ValueOf("-0")));
    }

    [Theory]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E3", 1000.0)]
    [InlineData("1.5e+06", 1500000.0)]
    [InlineData("2.5E-3", 0.0025)]
    [InlineData(".5e1", 5.0)]
    [InlineData("5.e1", 50.0)]
    public void Value_Exponent_IsParsed(string token, double expected)
    {
        Assert.Equal(expected, ValueOf(token));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("NAN")]
    public void Value_NaN_IsParsed(string token)
    {
        Assert.True(double.IsNaN(ValueOf(token)));
    }

    [Theory]
    [InlineData("+Inf")]
    [InlineData("Inf")]
    [InlineData("inf")]
    [InlineData("+inf")]
    [InlineData("INF")]
    [InlineData("Infinity")]
    [InlineData("+infinity")]
    public void Value_PositiveInfinity_IsParsed(string token)
    {
        Assert.Equal(double.PositiveInfinity, ValueOf(token));
    }

    [Theory]
    [InlineData("-Inf")]
    [InlineData("-inf")]
    [InlineData("-Infinity")]
    public void Value_NegativeInfinity_IsParsed(string token)
    {
        Assert.Equal(double.NegativeInfinity, ValueOf(token));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1.2.3")]
    [InlineData(".")]
    [InlineData("+")]
    [InlineData("--1")]
    [InlineData("e5")]
    [InlineData("1,5")]
    [InlineData("1_000")]
    [InlineData("0x1p3")]
    [InlineData("0x10")]
    [InlineData("+NaN")]
    [InlineData("-nan")]
    [InlineData("Infinit")]
    [InlineData("infinityy")]
    [InlineData("1{")]
    public void Value_Malformed_IsRejected(string token)
    {
        var error = ParseError($"m 1\nm {token}\n");

        Assert.Equal(2, error.LineNumber);
        Assert.Contains("invalid value", error.Message);
        Assert.Contains("for metric \"m\"", error.Message);
    }

    [Fact]
    public void Value_OverflowingDouble_IsRejected()
    {
        Assert.Equal("line 1: invalid value \"1e400\" for metric \"m\"", ParseError("m 1e400\n").Message);
    }

    [Fact]
    public void Value_RandomDecimals_MatchCorrectlyRoundedParsing()
    {
        var random = new Random(20240607);
        for (var i = 0; i < 20_000; i++)
        {
            var text = RandomDecimal(random);

            Assert.True(TextFormatParser.TryParseValue(Encoding.ASCII.GetBytes(text), out var parsed), text);
            var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(parsed), $"{text}: {parsed:R} instead of {expected:R}");
        }
    }

    private static string RandomDecimal(Random random)
    {
        var sign = random.Next(3) switch { 0 => "-", 1 => "+", _ => string.Empty };
        switch (random.Next(4))
        {
            case 0:
                return sign + (random.NextDouble() * Math.Pow(10, random.Next(-30, 30))).ToString("R", CultureInfo.InvariantCulture);
            case 1:
                return sign + random.NextInt64().ToString(CultureInfo.InvariantCulture);
            case 2:
                return sign + random.NextDouble().ToString("E" + random.Next(1, 17), CultureInfo.InvariantCulture);
            default:
                var digits = new StringBuilder();
                var count = random.Next(1, 24);
                for (var d = 0; d < count; d++)
                {
                    digits.Append((char)('0' + random.Next(10)));
                }
                digits.Insert(random.Next(count + 1), '.');
                if (random.Next(2) == 0)
                {
                    digits.Append('e').Append(random.Next(-40, 40));
                }
                var text = digits.ToString();
                return sign + (text == "." ? "0" : text);
        }
    }
}
