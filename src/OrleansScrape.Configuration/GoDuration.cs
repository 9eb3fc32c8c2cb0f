using System.Globalization;

namespace OrleansScrape.Configuration;

/// <summary>
/// The duration syntax of Collector configs (Go's <c>time.ParseDuration</c>): signed sequences
/// of decimal numbers with units <c>ns us µs ms s m h</c>, e.g. <c>1h30m</c>, <c>1.5s</c>, <c>300ms</c>.
/// </summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.AsSpan().Trim();
        if (s.Length == 0)
        {
            return false;
        }
        var negative = s[0] == '-';
        if (s[0] is '-' or '+')
        {
            s = s[1..];
        }
        if (s is "0")
        {
            return true;
        }
        double totalTicks = 0;
        while (s.Length > 0)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }
            if (numberLength == 0 || !double.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }
            double ticksPerUnit = s[..unitLength] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1,
            };
            if (ticksPerUnit < 0)
            {
                return false;
            }
            totalTicks += number * ticksPerUnit;
            s = s[unitLength..];
        }
        if (totalTicks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }
        value = TimeSpan.FromTicks((long)Math.Round(negative ? -totalTicks : totalTicks));
        return true;
    }

    public static TimeSpan? Read(YamlMappingReader reader, string key)
    {
        var text = reader.GetString(key);
        if (text is null)
        {
            return null;
        }
        if (!TryParse(text, out var value))
        {
            throw reader.ErrorAt(key, $"{reader.Qualified(key)}: \"{text}\" is not a duration (examples: 30s, 1m30s, 500ms, 1h)");
        }
        return value;
    }
}
