using OrleansScrape.Configuration;
namespace OrleansScrape.Processing.MemoryLimiter;

/// <summary>
/// Settings of the <c>memory_limiter</c>, with the Collector's meaning: the hard limit is
/// <see cref="LimitMiB"/> (or <see cref="LimitPercentage"/> of the memory available to the process),
/// the soft limit is the hard limit minus the spike allowance. Above the soft limit data is
/// refused; above the hard limit a garbage collection is forced as well.
/// </summary>
public sealed record MemoryLimiterOptions : IValidatedOptions
{
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);
    public long LimitMiB { get; init; }
    /// <summary>Spike allowance; 0 means 20% of the limit, as in the Collector.</summary>
    public long SpikeLimitMiB { get; init; }
    public int LimitPercentage { get; init; }
    public int SpikeLimitPercentage { get; init; }

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (CheckInterval <= TimeSpan.Zero)
        {
            problems.Add(new("check_interval", "must be greater than zero"));
        }
        if (LimitMiB <= 0 && LimitPercentage <= 0)
        {
            problems.Add(new("", "limit_mib or limit_percentage must be set"));
        }
        if (LimitMiB > 0 && LimitPercentage > 0)
        {
            problems.Add(new("limit_percentage", "limit_mib and limit_percentage cannot both be set"));
        }
        if (LimitPercentage is < 0 or > 100)
        {
            problems.Add(new("limit_percentage", "must be between 0 and 100"));
        }
        if (SpikeLimitPercentage is < 0 or > 100)
        {
            problems.Add(new("spike_limit_percentage", "must be between 0 and 100"));
        }
        if (LimitMiB > 0 && SpikeLimitMiB >= LimitMiB)
        {
            problems.Add(new("spike_limit_mib", "must be smaller than limit_mib"));
        }
        if (LimitPercentage > 0 && SpikeLimitPercentage >= LimitPercentage)
        {
            problems.Add(new("spike_limit_percentage", "must be smaller than limit_percentage"));
        }
        return problems;
    }
}
