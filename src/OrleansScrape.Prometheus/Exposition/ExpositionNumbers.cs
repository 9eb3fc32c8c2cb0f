using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace OrleansScrape.Prometheus.Exposition;

/// <summary>Number syntax shared by the text 0.0.4 and OpenMetrics parsers.</summary>
internal static class ExpositionNumbers
{
    /// <summary>
    /// Parses a sample value as Go's <c>strconv.ParseFloat</c> does for Prometheus: decimal with
    /// optional sign, fraction and exponent, or case-insensitive <c>Inf</c>/<c>Infinity</c> with
    /// optional sign and unsigned <c>NaN</c>. Hex floats and digit separators are rejected, and so
    /// is a decimal that overflows to infinity, which Go reports as a range error.
    /// </summary>
    public static bool TryParseValue(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        if (token.IsEmpty)
        {
            return false;
        }
        var position = 0;
        var negative = false;
        if (token[0] is (byte)'+' or (byte)'-')
        {
            negative = token[0] == '-';
            position = 1;
        }
        if (position < token.Length && (token[position] | 0x20) is (byte)'i' or (byte)'n')
        {
            return TryParseSpecialValue(token[position..], signed: position > 0, negative, out value);
        }

        // The digits go into an integer mantissa while they fit; scale is the power of ten it needs.
        var mantissa = 0UL;
        var significantDigits = 0;
        var scale = 0;
        var digits = 0;
        while (position < token.Length && ExpositionBytes.IsDigit(token[position]))
        {
            AccumulateDigit(token[position], ref mantissa, ref significantDigits, ref scale, isFraction: false);
            digits++;
            position++;
        }
        if (position < token.Length && token[position] == '.')
        {
            position++;
            while (position < token.Length && ExpositionBytes.IsDigit(token[position]))
            {
                AccumulateDigit(token[position], ref mantissa, ref significantDigits, ref scale, isFraction: true);
                digits++;
                position++;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        if (position < token.Length && (token[position] | 0x20) == 'e')
        {
            position++;
            var negativeExponent = false;
            if (position < token.Length && token[position] is (byte)'+' or (byte)'-')
            {
                negativeExponent = token[position] == '-';
                position++;
            }
            var exponentStart = position;
            var exponent = 0;
            while (position < token.Length && ExpositionBytes.IsDigit(token[position]))
            {
                // Saturate: anything this large is out of range either way.
                exponent = Math.Min(exponent * 10 + (token[position] - '0'), 100_000);
                position++;
            }
            if (position == exponentStart)
            {
                return false;
            }
            scale += negativeExponent ? -exponent : exponent;
        }
        if (position != token.Length)
        {
            return false;
        }

        // Exact mantissa and exact power of ten: one multiplication or division rounds correctly.
        if (significantDigits <= 19 && mantissa <= 1UL << 53 && scale is >= -22 and <= 22)
        {
            var magnitude = scale >= 0 ? mantissa * PowersOfTen[scale] : mantissa / PowersOfTen[-scale];
            value = negative ? -magnitude : magnitude;
            return true;
        }
        if (!Utf8Parser.TryParse(token, out value, out var consumed) || consumed != token.Length)
        {
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }
        }
        return double.IsFinite(value);
    }

    /// <summary>Every power of ten a double holds exactly.</summary>
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private static void AccumulateDigit(byte digit, ref ulong mantissa, ref int significantDigits, ref int scale, bool isFraction)
    {
        if (mantissa == 0 && digit == '0')
        {
            // A leading zero adds no significant digit, but after the point it still scales.
            scale -= isFraction ? 1 : 0;
            return;
        }
        if (significantDigits < 19)
        {
            mantissa = mantissa * 10 + (ulong)(digit - '0');
            scale -= isFraction ? 1 : 0;
        }
        // Digits past 19 no longer fit; the count alone sends the value to the general parser.
        significantDigits++;
    }

    private static bool TryParseSpecialValue(ReadOnlySpan<byte> word, bool signed, bool negative, out double value)
    {
        if (Ascii.EqualsIgnoreCase(word, "inf"u8) || Ascii.EqualsIgnoreCase(word, "infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        // Go takes no sign on NaN.
        if (!signed && Ascii.EqualsIgnoreCase(word, "nan"u8))
        {
            value = double.NaN;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>
    /// Parses an OpenMetrics label number (<c>le</c>, <c>quantile</c>): a finite real number in
    /// any rendering, or exactly <c>+Inf</c> / <c>-Inf</c>. NaN and other spellings of infinity
    /// are rejected, as the canonical-number rules ask for.
    /// </summary>
    public static bool TryParseLabelNumber(ReadOnlySpan<byte> text, out double value)
    {
        if (text.SequenceEqual("+Inf"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (text.SequenceEqual("-Inf"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }
        return TryParseValue(text, out value) && double.IsFinite(value);
    }

    /// <summary>
    /// Parses an OpenMetrics timestamp (a real number of seconds: sign, digits, fraction,
    /// exponent; no NaN or infinity) into Unix nanoseconds, rounded down. Decimal digits are
    /// shifted exactly, so <c>1604676851.123456789</c> keeps its nanoseconds; values beyond the
    /// <see cref="Int128"/> range (about 5e21 years) saturate.
    /// </summary>
    public static bool TryParseTimestampNanoseconds(ReadOnlySpan<byte> token, out Int128 nanoseconds)
    {
        nanoseconds = 0;
        var position = 0;
        var negative = false;
        if (!token.IsEmpty && token[0] is (byte)'+' or (byte)'-')
        {
            negative = token[0] == '-';
            position = 1;
        }
        // The value is mantissa * 10^(exponent - fractionDigits + droppedDigits) seconds.
        Int128 mantissa = 0;
        var significantDigits = 0;
        var fractionDigits = 0;
        var droppedDigits = 0;
        var droppedNonZero = false;
        var digits = 0;
        var inFraction = false;
        for (; position < token.Length; position++)
        {
            var b = token[position];
            if (b == '.' && !inFraction)
            {
                inFraction = true;
                continue;
            }
            if (!ExpositionBytes.IsDigit(b))
            {
                break;
            }
            digits++;
            var digit = b - '0';
            if (mantissa == 0 && digit == 0)
            {
                fractionDigits += inFraction ? 1 : 0;
            }
            else if (significantDigits < MaxInt128Digits)
            {
                mantissa = mantissa * 10 + digit;
                significantDigits++;
                fractionDigits += inFraction ? 1 : 0;
            }
            else
            {
                // Past what Int128 holds: an integer digit still scales, a fraction digit only rounds.
                droppedDigits += inFraction ? 0 : 1;
                droppedNonZero |= digit != 0;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        var exponent = 0;
        if (position < token.Length && (token[position] | 0x20) == 'e')
        {
            position++;
            var negativeExponent = false;
            if (position < token.Length && token[position] is (byte)'+' or (byte)'-')
            {
                negativeExponent = token[position] == '-';
                position++;
            }
            var exponentStart = position;
            while (position < token.Length && ExpositionBytes.IsDigit(token[position]))
            {
                exponent = Math.Min(exponent * 10 + (token[position] - '0'), 100_000);
                position++;
            }
            if (position == exponentStart)
            {
                return false;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (position != token.Length)
        {
            return false;
        }

        var scale = exponent + NanosecondDigits - fractionDigits + droppedDigits;
        Int128 magnitude;
        var inexact = droppedNonZero;
        if (mantissa == 0)
        {
            magnitude = 0;
        }
        else if (scale >= 0)
        {
            if (scale > MaxInt128Digits || mantissa > Int128.MaxValue / Int128PowersOfTen[scale])
            {
                nanoseconds = negative ? -Int128.MaxValue : Int128.MaxValue;
                return true;
            }
            magnitude = mantissa * Int128PowersOfTen[scale];
        }
        else if (-scale > MaxInt128Digits)
        {
            magnitude = 0;
            inexact = true;
        }
        else
        {
            (magnitude, var remainder) = Int128.DivRem(mantissa, Int128PowersOfTen[-scale]);
            inexact |= remainder != 0;
        }
        // Rounding down: a negative value with a cut-off fraction moves one nanosecond further down.
        nanoseconds = negative ? -magnitude - (inexact ? 1 : 0) : magnitude;
        return true;
    }

    private const int NanosecondDigits = 9;

    /// <summary>Decimal digits that always fit an <see cref="Int128"/> (its maximum is about 1.7e38).</summary>
    private const int MaxInt128Digits = 38;

    private static readonly Int128[] Int128PowersOfTen = CreateInt128PowersOfTen();

    private static Int128[] CreateInt128PowersOfTen()
    {
        var powers = new Int128[MaxInt128Digits + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }
        return powers;
    }
}
