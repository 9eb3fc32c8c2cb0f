namespace OrleansScrape.Otlp.Pipeline;

/// <summary>Batching and retry settings of an <see cref="ExportPipeline"/>; retry defaults are the Collector's.</summary>
public sealed class ExportPipelineOptions
{
    // Beyond this timers and delays refuse the value; no real setting needs that long.
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    /// <summary>Tags the pipeline's queue gauges.</summary>
    public string Name { get; set; } = "default";

    /// <summary>Batches the queue holds; enqueuing waits while it is full.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Loops taking batches from the queue and exporting them concurrently (the sending queue's consumers).</summary>
    public int Consumers { get; set; } = 1;

    /// <summary>Most points in one export request; larger batches are split.</summary>
    public int MaxPointsPerRequest { get; set; } = 8192;

    /// <summary>Longest a queued batch waits for others to fill a request.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryInitialInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    public double RetryMultiplier { get; set; } = 1.5;

    /// <summary>Spreads each retry delay by up to this fraction either way, so many senders do not retry in step.</summary>
    public double RetryRandomizationFactor { get; set; } = 0.5;

    /// <summary>Time after the first attempt past which a request is given up; zero disables retries.</summary>
    public TimeSpan RetryMaxElapsedTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Keeps the queue on disk, so batches outlive the process; null keeps it in memory only.</summary>
    public Persistent.PersistentQueueOptions? PersistentQueue { get; set; }

    /// <summary>Problems that would keep a pipeline from working; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("name must not be empty.");
        }
        if (QueueCapacity < 1)
        {
            problems.Add($"queue capacity must be at least 1, not {QueueCapacity}.");
        }
        if (Consumers is < 1 or > 256)
        {
            problems.Add($"consumers must be between 1 and 256, not {Consumers}.");
        }
        if (MaxPointsPerRequest < 1)
        {
            problems.Add($"max points per request must be at least 1, not {MaxPointsPerRequest}.");
        }
        RequirePositive(FlushInterval, "flush interval", problems);
        RequirePositive(RetryInitialInterval, "retry initial interval", problems);
        RequirePositive(RetryMaxInterval, "retry max interval", problems);
        if (RetryMaxInterval < RetryInitialInterval)
        {
            problems.Add($"retry max interval ({RetryMaxInterval}) must not be shorter than the initial interval ({RetryInitialInterval}).");
        }
        if (!(RetryMultiplier >= 1) || double.IsInfinity(RetryMultiplier))
        {
            problems.Add($"retry multiplier must be a number of at least 1, not {RetryMultiplier}.");
        }
        if (!(RetryRandomizationFactor is >= 0 and <= 1))
        {
            problems.Add($"retry randomization factor must be between 0 and 1, not {RetryRandomizationFactor}.");
        }
        if (RetryMaxElapsedTime < TimeSpan.Zero || RetryMaxElapsedTime > MaxDuration)
        {
            problems.Add($"retry max elapsed time must be between 0 and {MaxDuration}, not {RetryMaxElapsedTime}.");
        }
        if (PersistentQueue is { } queue && (string.IsNullOrWhiteSpace(queue.Directory) || queue.MaxSegmentBytes < 1))
        {
            problems.Add("the persistent queue needs a directory and a positive segment size.");
        }
        return problems;
    }

    internal ExportPipelineOptions Copy() => (ExportPipelineOptions)MemberwiseClone();

    private static void RequirePositive(TimeSpan value, string what, List<string> problems)
    {
        if (value <= TimeSpan.Zero || value > MaxDuration)
        {
            problems.Add($"{what} must be positive and at most {MaxDuration}, not {value}.");
        }
    }
}
