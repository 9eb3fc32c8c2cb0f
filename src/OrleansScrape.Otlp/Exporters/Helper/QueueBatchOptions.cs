using OrleansScrape.Configuration;

namespace OrleansScrape.Otlp.Exporters.Helper;

/// <summary>
/// <c>sending_queue.batch</c>: the queue's consumers gather requests until
/// <see cref="MinSize"/> is reached or <see cref="FlushTimeout"/> has passed since the oldest of them
/// was queued, and cut what they send at <see cref="MaxSize"/>. Off unless present; <c>batch: {}</c>
/// turns it on with these defaults (the Collector's).
/// </summary>
public sealed record QueueBatchOptions : IValidatedOptions
{
    /// <summary>The YAML key, below <c>sending_queue</c>.</summary>
    public const string Key = SendingQueueOptions.Key + ".batch";

    /// <summary><c>flush_timeout</c>: longest a gathered request waits for more before it is sent.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary><c>min_size</c>: a batch is sent as soon as it holds this much (in <see cref="Sizer"/> units).</summary>
    public long MinSize { get; init; } = 8192;

    /// <summary><c>max_size</c>: no batch holds more; larger requests are split. 0 = no split.</summary>
    public long MaxSize { get; init; }

    /// <summary><c>sizer</c>: <c>items</c> or <c>bytes</c>; null inherits the queue's (items when the queue counts requests).</summary>
    public QueueSizer? Sizer { get; init; }

    /// <summary>Problems keyed <c>sending_queue.batch.*</c>.</summary>
    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        ExporterHelperOptions.RequireDuration(problems, $"{Key}.flush_timeout", FlushTimeout, allowZero: false);
        if (MinSize < 0)
        {
            problems.Add(new ConfigProblem($"{Key}.min_size", $"must not be negative, not {MinSize}"));
        }
        if (MaxSize < 0)
        {
            problems.Add(new ConfigProblem($"{Key}.max_size", $"must not be negative, not {MaxSize}"));
        }
        else if (MaxSize > 0 && MaxSize < MinSize)
        {
            problems.Add(new ConfigProblem($"{Key}.max_size", $"must be 0 (no split) or at least min_size ({MinSize}), not {MaxSize}"));
        }
        if (Sizer == QueueSizer.Requests)
        {
            problems.Add(new ConfigProblem($"{Key}.sizer", "must be items or bytes: requests cannot be merged by count"));
        }
        return problems;
    }
}
