namespace OrleansScrape.Kubernetes.Api;

/// <summary>Exponential backoff, capped, with jitter in [d/2, d) so that many watchers do not retry in step.</summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 30);
        var delay = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay / 2 + Random.Shared.NextDouble() * delay / 2);
    }

    public void Reset() => _failures = 0;
}
