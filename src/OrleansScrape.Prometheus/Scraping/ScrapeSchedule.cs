using System.IO.Hashing;
using System.Text;

namespace OrleansScrape.Prometheus.Scraping;

/// <summary>
/// When a target is scraped. As in Prometheus, each target gets a stable offset within its
/// interval, derived from a hash of its identity, so the scrapes of many targets spread over the
/// interval instead of all firing at once, and a target keeps its phase wherever it is scraped.
/// </summary>
public static class ScrapeSchedule
{
    public static TimeSpan Offset(string targetKey, TimeSpan interval)
    {
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(targetKey));
        return TimeSpan.FromTicks((long)(hash % (ulong)interval.Ticks));
    }

    /// <summary>Time from <paramref name="now"/> until the next instant whose phase within the interval equals the offset.</summary>
    public static TimeSpan DelayUntilNext(string targetKey, TimeSpan interval, DateTimeOffset now)
    {
        var offset = Offset(targetKey, interval).Ticks;
        var phase = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % interval.Ticks;
        var delay = offset - phase;
        if (delay < 0)
        {
            delay += interval.Ticks;
        }
        return TimeSpan.FromTicks(delay);
    }
}
