using OrleansScrape.Prometheus.Scraping;

namespace OrleansScrape.Grains.Tests;

public sealed class ScrapeScheduleTests
{
    [Fact]
    public void Offset_IsStablePerTargetAndWithinTheInterval()
    {
        var interval = TimeSpan.FromSeconds(15);
        var offset = ScrapeSchedule.Offset("node|http://10.0.0.1:9100/metrics", interval);
        Assert.Equal(offset, ScrapeSchedule.Offset("node|http://10.0.0.1:9100/metrics", interval));
        Assert.InRange(offset, TimeSpan.Zero, interval - TimeSpan.FromTicks(1));
    }

    [Fact]
    public void Offsets_SpreadTargetsOverTheInterval()
    {
        var interval = TimeSpan.FromSeconds(60);
        var buckets = Enumerable.Range(0, 6000)
            .Select(i => (int)(ScrapeSchedule.Offset($"job|http://10.0.{i / 200}.{i % 200}:80/metrics", interval).TotalSeconds / 10))
            .GroupBy(b => b).Select(g => g.Count()).ToArray();
        Assert.Equal(6, buckets.Length);
        Assert.All(buckets, c => Assert.InRange(c, 800, 1200));
    }

    [Fact]
    public void DelayUntilNext_LandsOnTheTargetsPhase()
    {
        var interval = TimeSpan.FromSeconds(15);
        const string key = "job|http://a:1/metrics";
        var offset = ScrapeSchedule.Offset(key, interval);
        foreach (var now in new[] { DateTimeOffset.UnixEpoch.AddDays(20000), DateTimeOffset.UnixEpoch.AddDays(20000).AddSeconds(7.3), DateTimeOffset.UnixEpoch.AddDays(20000).AddSeconds(14.99) })
        {
            var delay = ScrapeSchedule.DelayUntilNext(key, interval, now);
            Assert.InRange(delay, TimeSpan.Zero, interval);
            var phase = ((now + delay).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % interval.Ticks;
            Assert.Equal(offset.Ticks, phase);
        }
    }
}
