using Microsoft.Extensions.Time.Testing;
using OrleansScrape.Processing.MemoryLimiter;

namespace OrleansScrape.Processing.Tests.MemoryLimiter;

public sealed class MemoryLimiterTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void SoftLimit_IsTheLimitMinusTheSpikeAllowance_DefaultingToAFifth()
    {
        var limiter = new Processing.MemoryLimiter.MemoryLimiter(new MemoryLimiterOptions { LimitMiB = 100 }, () => 0);
        Assert.Equal(100 * MiB, limiter.HardLimitBytes);
        Assert.Equal(80 * MiB, limiter.SoftLimitBytes);

        var explicitSpike = new Processing.MemoryLimiter.MemoryLimiter(new MemoryLimiterOptions { LimitMiB = 100, SpikeLimitMiB = 30 }, () => 0);
        Assert.Equal(70 * MiB, explicitSpike.SoftLimitBytes);
    }

    [Fact]
    public void PercentageLimits_AreOfTheAvailableMemory()
    {
        var limiter = new Processing.MemoryLimiter.MemoryLimiter(new MemoryLimiterOptions { LimitPercentage = 50, SpikeLimitPercentage = 10 }, () => 0, availableBytes: 1000 * MiB);
        Assert.Equal(500 * MiB, limiter.HardLimitBytes);
        Assert.Equal(400 * MiB, limiter.SoftLimitBytes);
    }

    [Fact]
    public void UseAboveTheSoftLimit_IsRefused_AndBelowIsAccepted()
    {
        long used = 90 * MiB;
        var clock = new FakeTimeProvider();
        var limiter = new Processing.MemoryLimiter.MemoryLimiter(new MemoryLimiterOptions { LimitMiB = 100 }, () => used, clock: clock);

        Assert.True(limiter.ShouldRefuse);
        used = 10 * MiB;
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(limiter.ShouldRefuse);
    }

    [Fact]
    public void Memory_IsCheckedAtMostOncePerInterval()
    {
        var reads = 0;
        var clock = new FakeTimeProvider();
        var limiter = new Processing.MemoryLimiter.MemoryLimiter(new MemoryLimiterOptions { LimitMiB = 100, CheckInterval = TimeSpan.FromSeconds(5) }, () => { reads++; return 0; }, clock: clock);

        for (var i = 0; i < 10; i++)
        {
            _ = limiter.ShouldRefuse;
        }
        Assert.Equal(1, reads);
        clock.Advance(TimeSpan.FromSeconds(6));
        _ = limiter.ShouldRefuse;
        Assert.Equal(2, reads);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(100, 0, 50)]
    [InlineData(100, 100, 0)]
    public void InvalidOptions_AreRefused(long limitMiB, long spikeMiB, int percentage)
    {
        var options = new MemoryLimiterOptions { LimitMiB = limitMiB, SpikeLimitMiB = spikeMiB, LimitPercentage = percentage };
        Assert.NotEmpty(options.Validate());
        Assert.Throws<ArgumentException>(() => new Processing.MemoryLimiter.MemoryLimiter(options, () => 0));
    }
}
