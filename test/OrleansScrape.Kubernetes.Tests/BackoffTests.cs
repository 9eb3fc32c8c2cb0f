using OrleansScrape.Kubernetes.Api;

namespace OrleansScrape.Kubernetes.Tests;

public sealed class BackoffTests
{
    [Fact]
    public void Backoff_doubles_per_failure_with_jitter_and_stays_under_the_cap()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds).ToArray();

        double[] nominal = [1, 2, 4, 8, 16, 30, 30, 30];
        for (var i = 0; i < delays.Length; i++)
        {
            Assert.InRange(delays[i], nominal[i] / 2, nominal[i]);
        }
    }

    [Fact]
    public void Backoff_starts_over_after_a_success()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next().TotalSeconds, 0.5, 1);
    }
}
