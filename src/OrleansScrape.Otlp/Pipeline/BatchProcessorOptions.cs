using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Pipeline;

/// <summary>
/// The Collector's <c>batch</c> processor, with its names and defaults, as a <see cref="MetricsPipeline"/>
/// applies it: points are gathered until <see cref="SendBatchSize"/> or until <see cref="Timeout"/> has
/// passed since the oldest was handed in, and requests are cut at <see cref="SendBatchMaxSize"/>.
/// </summary>
public sealed record BatchProcessorOptions : IValidatedOptions
{
    /// <summary><c>send_batch_size</c>: a request is sent once it holds this many points; 0 sends each at once.</summary>
    public int SendBatchSize { get; init; } = 8192;

    /// <summary><c>send_batch_max_size</c>: no request holds more points; 0 = no limit.</summary>
    public int SendBatchMaxSize { get; init; }

    /// <summary><c>timeout</c>: longest points wait for a request to fill; 0 sends each at once.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(200);

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (SendBatchSize < 0)
        {
            problems.Add(new ConfigProblem("send_batch_size", $"must not be negative, not {SendBatchSize}"));
        }
        if (SendBatchMaxSize < 0)
        {
            problems.Add(new ConfigProblem("send_batch_max_size", $"must not be negative, not {SendBatchMaxSize}"));
        }
        else if (SendBatchMaxSize > 0 && SendBatchMaxSize < SendBatchSize)
        {
            problems.Add(new ConfigProblem("send_batch_max_size", $"must be 0 or at least send_batch_size ({SendBatchSize}), not {SendBatchMaxSize}"));
        }
        if (Timeout < TimeSpan.Zero || Timeout > ExporterHelperOptions.MaxDuration)
        {
            problems.Add(new ConfigProblem("timeout", $"must be 0 or more and at most {ExporterHelperOptions.FormatDuration(ExporterHelperOptions.MaxDuration)}, not {ExporterHelperOptions.FormatDuration(Timeout)}"));
        }
        return problems;
    }
}
