using OrleansScrape.Configuration;

namespace OrleansScrape.Otlp.Exporters.Helper;

/// <summary>
/// An exporter's <c>retry_on_failure</c>, with the Collector's names and defaults: exponential
/// backoff from <see cref="InitialInterval"/>, times <see cref="Multiplier"/> after each attempt up to
/// <see cref="MaxInterval"/>, each wait spread by ±<see cref="RandomizationFactor"/>, given up once
/// the next wait would end past <see cref="MaxElapsedTime"/> after the first attempt.
/// </summary>
public sealed record RetryOptions : IValidatedOptions
{
    /// <summary>The YAML key these options are read from.</summary>
    public const string Key = "retry_on_failure";

    /// <summary><c>enabled</c>: false sends each request once; a failure is final.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>initial_interval</c>: the wait after the first failed attempt.</summary>
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>max_interval</c>: the longest wait between two attempts.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>max_elapsed_time</c>: time after the first attempt past which a request is given up; zero retries forever, as in the Collector.</summary>
    public TimeSpan MaxElapsedTime { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>multiplier</c>: how much each wait grows over the previous one.</summary>
    public double Multiplier { get; init; } = 1.5;

    /// <summary><c>randomization_factor</c>: each wait is spread by up to this fraction either way, so many senders do not retry in step.</summary>
    public double RandomizationFactor { get; init; } = 0.5;

    /// <summary>Problems keyed <c>retry_on_failure.*</c>; none when retrying is disabled, as in the Collector.</summary>
    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (!Enabled)
        {
            return problems;
        }
        ExporterHelperOptions.RequireDuration(problems, $"{Key}.initial_interval", InitialInterval, allowZero: false);
        ExporterHelperOptions.RequireDuration(problems, $"{Key}.max_interval", MaxInterval, allowZero: false);
        if (MaxInterval < InitialInterval)
        {
            problems.Add(new ConfigProblem($"{Key}.max_interval", $"must not be shorter than initial_interval ({InitialInterval}), not {MaxInterval}"));
        }
        ExporterHelperOptions.RequireDuration(problems, $"{Key}.max_elapsed_time", MaxElapsedTime, allowZero: true);
        if (!(Multiplier >= 1) || double.IsInfinity(Multiplier))
        {
            problems.Add(new ConfigProblem($"{Key}.multiplier", $"must be a number of at least 1, not {Multiplier}"));
        }
        if (!(RandomizationFactor is >= 0 and <= 1))
        {
            problems.Add(new ConfigProblem($"{Key}.randomization_factor", $"must be between 0 and 1, not {RandomizationFactor}"));
        }
        return problems;
    }
}
