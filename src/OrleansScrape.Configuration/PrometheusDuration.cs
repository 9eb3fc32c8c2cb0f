namespace OrleansScrape.Configuration;

/// <summary>
/// Prometheus's duration syntax: one or more number+unit terms, largest unit first
/// (<c>y w d h m s ms</c>), e.g. <c>1h30m</c>. A year is 365 days and a week 7 days, as in Prometheus.
/// </summary>
public static class PrometheusDuration
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("y", TimeSpan.FromDays(365)),
        ("w", TimeSpan.FromDays(7)),
        ("d", TimeSpan.FromDays(1)),
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }
        var position = 0;
        var lastUnit = -1;
        while (position < text.Length)
        {
            var start = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }
            if (position == start || !long.TryParse(text.AsSpan(start, position - start), out var number))
            {
                return false;
            }
            var unit = -1;
            // "ms" must be tried before "m".
            if (position + 1 < text.Length && text[position] == 'm' && text[position + 1] == 's')
            {
                unit = 6;
                position += 2;
            }
            else if (position < text.Length)
            {
                for (var i = 0; i < 6; i++)
                {
                    if (text[position] == Units[i].Unit[0])
                    {
                        unit = i;
                        break;
                    }
                }
                position++;
            }
            if (unit < 0 || unit <= lastUnit)
            {
                return false;
            }
            lastUnit = unit;
            value += Units[unit].Size * number;
        }
        return lastUnit >= 0;
    }

    /// <summary>Formats like Prometheus does, e.g. <c>1m30s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }
        var remaining = value;
        var text = new System.Text.StringBuilder();
        foreach (var (unit, size) in Units)
        {
            var count = remaining.Ticks / size.Ticks;
            if (count > 0)
            {
                text.Append(count).Append(unit);
                remaining -= size * count;
            }
        }
        return text.ToString();
    }
}
