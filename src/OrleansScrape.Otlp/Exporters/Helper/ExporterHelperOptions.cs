using System.Globalization;
using OrleansScrape.Configuration;

namespace OrleansScrape.Otlp.Exporters.Helper;

/// <summary>
/// The Collector's exporterhelper settings every exporter has: <c>timeout</c> of one attempt,
/// <c>retry_on_failure</c> and <c>sending_queue</c>. The timeout's default is the exporter's
/// (30 s for <c>otlp_http</c>, 5 s for <c>otlp_grpc</c>), so it is a constructor argument; the rest
/// default as in the Collector.
/// </summary>
public sealed record ExporterHelperOptions : IValidatedOptions
{
    /// <summary>Beyond this timers refuse the value; no real setting needs that long.</summary>
    internal static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    public ExporterHelperOptions(TimeSpan timeout)
    {
        Timeout = timeout;
    }

    /// <summary><c>timeout</c>: how long one attempt may take; zero sets no limit.</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary><c>retry_on_failure</c>.</summary>
    public RetryOptions Retry { get; init; } = new();

    /// <summary><c>sending_queue</c>.</summary>
    public SendingQueueOptions Queue { get; init; } = new();

    /// <summary>Problems keyed by their YAML key below the exporter (<c>timeout</c>, <c>retry_on_failure.max_interval</c>, ...).</summary>
    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        RequireDuration(problems, "timeout", Timeout, allowZero: true);
        problems.AddRange(Retry.Validate());
        problems.AddRange(Queue.Validate());
        return problems;
    }

    internal static void RequireDuration(List<ConfigProblem> problems, string key, TimeSpan value, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > MaxDuration)
        {
            problems.Add(new ConfigProblem(key, $"must be {(allowZero ? "0 or more" : "positive")} and at most {FormatDuration(MaxDuration)}, not {FormatDuration(value)}"));
        }
    }

    /// <summary>A duration as a Collector config writes it: <c>24h</c>, <c>1m30s</c>, <c>1.5s</c>, <c>200ms</c>.</summary>
    internal static string FormatDuration(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }
        var text = new System.Text.StringBuilder(value < TimeSpan.Zero ? "-" : "");
        var remaining = value.Duration();
        var hours = (long)remaining.TotalHours;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }
        if (remaining.Minutes > 0)
        {
            text.Append(remaining.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }
        var subSecond = remaining.Ticks % TimeSpan.TicksPerSecond;
        if (remaining.Seconds > 0 || (subSecond > 0 && remaining >= TimeSpan.FromSeconds(1)))
        {
            var seconds = remaining.Seconds + (double)subSecond / TimeSpan.TicksPerSecond;
            text.Append(seconds.ToString("0.#########", CultureInfo.InvariantCulture)).Append('s');
        }
        else if (subSecond > 0)
        {
            text.Append(((double)subSecond / TimeSpan.TicksPerMillisecond).ToString("0.####", CultureInfo.InvariantCulture)).Append("ms");
        }
        return text.ToString();
    }
}
