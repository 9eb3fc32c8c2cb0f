using System.Globalization;
using System.Text;

namespace OrleansScrape.Hosting.Extensions.HealthCheck;

/// <summary>
/// A duration written as Go's <c>time.Duration.String</c> writes it (<c>1h2m3.5s</c>, <c>49.0132518s</c>,
/// <c>1.5ms</c>, <c>0s</c>), for the <c>uptime</c> of the health check's body.
/// </summary>
internal static class GoDurationText
{
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }
        var text = new StringBuilder();
        var ticks = duration.Ticks;
        if (ticks < 0)
        {
            text.Append('-');
            ticks = -ticks;
        }
        if (ticks < TimeSpan.TicksPerSecond)
        {
            // Below a second the largest unit that fits is used, with a fraction: 1.5ms, 250µs, 100ns.
            var nanoseconds = (decimal)ticks * 100;
            var (value, unit) = nanoseconds >= 1_000_000 ? (nanoseconds / 1_000_000, "ms")
                : nanoseconds >= 1_000 ? (nanoseconds / 1_000, "\u00b5s")
                : (nanoseconds, "ns");
            return text.Append(value.ToString("0.#########", CultureInfo.InvariantCulture)).Append(unit).ToString();
        }
        var hours = ticks / TimeSpan.TicksPerHour;
        var minutes = ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute;
        var seconds = (decimal)(ticks % TimeSpan.TicksPerMinute) / TimeSpan.TicksPerSecond;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }
        if (hours > 0 || minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }
        return text.Append(seconds.ToString("0.#########", CultureInfo.InvariantCulture)).Append('s').ToString();
    }
}
