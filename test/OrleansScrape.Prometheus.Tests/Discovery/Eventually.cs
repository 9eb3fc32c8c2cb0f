using System.Diagnostics;

namespace OrleansScrape.Prometheus.Tests.Discovery;

/// <summary>Polls a condition until it holds or a generous deadline passes: timing is never the assertion.</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task True(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Timeout)
            {
                Assert.Fail($"timed out after {Timeout.TotalSeconds}s waiting for: {what}");
            }
            await Task.Delay(20);
        }
    }
}
