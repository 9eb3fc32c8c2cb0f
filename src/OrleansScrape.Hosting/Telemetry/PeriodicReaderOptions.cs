using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// <c>readers[].periodic</c>: collects every <see cref="Interval"/> and pushes to an OTLP endpoint,
/// giving up on a push after <see cref="Timeout"/>.
/// </summary>
public sealed record PeriodicReaderOptions : SelfMetricsReaderOptions
{
    /// <summary>The OpenTelemetry SDK default of <c>interval</c> (60000 ms).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(60000);

    /// <summary>The OpenTelemetry SDK default of <c>timeout</c> (30000 ms).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(30000);

    public TimeSpan Interval { get; init; } = DefaultInterval;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public required OtlpSelfExporterOptions Exporter { get; init; }

    public override IReadOnlyList<ConfigProblem> Validate() =>
        ValidateTimings().Concat(Exporter.Validate().Select(p => p with { Key = $"exporter.otlp.{p.Key}" }))
            .Select(p => p with { Key = $"periodic.{p.Key}" }).ToList();

    /// <summary>Problems of the reader's own keys, keyed below the <c>periodic</c> mapping.</summary>
    internal IReadOnlyList<ConfigProblem> ValidateTimings()
    {
        var problems = new List<ConfigProblem>();
        if (Interval <= TimeSpan.Zero || Interval.TotalMilliseconds > int.MaxValue)
        {
            problems.Add(new ConfigProblem("interval", "must be a positive number of milliseconds"));
        }
        if (Timeout <= TimeSpan.Zero || Timeout.TotalMilliseconds > int.MaxValue)
        {
            problems.Add(new ConfigProblem("timeout", "must be a positive number of milliseconds"));
        }
        return problems;
    }
}
