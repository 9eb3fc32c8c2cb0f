using OrleansScrape.Configuration;

namespace OrleansScrape.Otlp.Exporters.Helper;

/// <summary>
/// An exporter's <c>sending_queue</c>, with the Collector's names and defaults: requests wait in a
/// queue bounded by <see cref="QueueSize"/> (counted by <see cref="Sizer"/>) and
/// <see cref="NumConsumers"/> consumers send them, so a slow or failing backend holds back nothing
/// but its own queue.
/// </summary>
public sealed record SendingQueueOptions : IValidatedOptions
{
    /// <summary>The YAML key these options are read from.</summary>
    public const string Key = "sending_queue";

    /// <summary><c>enabled</c>: false sends (with retries) in the caller's await instead of queueing.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>num_consumers</c>: requests sent concurrently.</summary>
    public int NumConsumers { get; init; } = 10;

    /// <summary><c>queue_size</c>: the queue's capacity, in <see cref="Sizer"/> units.</summary>
    public long QueueSize { get; init; } = 1000;

    /// <summary><c>sizer</c>: what <see cref="QueueSize"/> counts.</summary>
    public QueueSizer Sizer { get; init; } = QueueSizer.Requests;

    /// <summary>
    /// <c>block_on_overflow</c>: false refuses a request that does not fit at once (the caller gets a
    /// <see cref="SendingQueueFullException"/>); true makes the caller wait for room.
    /// </summary>
    public bool BlockOnOverflow { get; init; }

    /// <summary>
    /// <c>wait_for_result</c>: the delivery task a caller gets completes when the export finished.
    /// Every caller gets a delivery task, so without <see cref="Storage"/> this changes nothing (the task
    /// always means "sent"); with it, false completes the task (true) once the request is on disk, and
    /// true only once it was sent ("sent", not "on disk").
    /// </summary>
    public bool WaitForResult { get; init; }

    /// <summary><c>storage</c>: the id of the <c>file_storage</c> extension that keeps the queue on disk; null keeps it in memory.</summary>
    public string? Storage { get; init; }

    /// <summary><c>batch</c>: null (the key absent) sends requests as they are queued.</summary>
    public QueueBatchOptions? Batch { get; init; }

    /// <summary>What the batch stage counts: its own sizer, else the queue's, else (the queue counting requests) items.</summary>
    public QueueSizer BatchSizer => Batch?.Sizer ?? (Sizer == QueueSizer.Requests ? QueueSizer.Items : Sizer);

    /// <summary>Problems keyed <c>sending_queue.*</c>; none when the queue is disabled, as in the Collector.</summary>
    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (!Enabled)
        {
            return problems;
        }
        if (NumConsumers is < 1 or > 1024)
        {
            problems.Add(new ConfigProblem($"{Key}.num_consumers", $"must be between 1 and 1024, not {NumConsumers}"));
        }
        if (QueueSize < 1)
        {
            problems.Add(new ConfigProblem($"{Key}.queue_size", $"must be at least 1, not {QueueSize}"));
        }
        if (!Enum.IsDefined(Sizer))
        {
            problems.Add(new ConfigProblem($"{Key}.sizer", $"must be requests, items or bytes, not {Sizer}"));
        }
        if (Storage is { } storage && string.IsNullOrWhiteSpace(storage))
        {
            problems.Add(new ConfigProblem($"{Key}.storage", "must name a file_storage extension, not be empty"));
        }
        if (Batch is { } batch)
        {
            problems.AddRange(batch.Validate());
            if (BatchSizer == Sizer && batch.MinSize > QueueSize)
            {
                problems.Add(new ConfigProblem($"{QueueBatchOptions.Key}.min_size", $"must not exceed queue_size ({QueueSize}), which counts the same: a batch that size could never gather, not {batch.MinSize}"));
            }
        }
        return problems;
    }
}
