namespace OrleansScrape.Otlp.Pipeline.Persistent;

/// <summary>
/// Where and how an exporter's <see cref="Exporters.Helper.ExporterSender"/> keeps its sending queue on
/// disk (the Collector's <c>file_storage</c> extension).
/// </summary>
public sealed record PersistentQueueOptions
{
    /// <summary>
    /// The queue's directory; created when missing. One exporter per directory: a sender keeps its queue
    /// in a subdirectory of its own below the storage's (<see cref="Exporters.Helper.ExporterSender.StorageDirectoryName"/>).
    /// </summary>
    public required string Directory { get; init; }

    /// <summary>
    /// Flush each record to the device before the batch counts as queued. Off, a record reaches the
    /// operating system's cache only: it survives the process but not a machine crash.
    /// </summary>
    public bool Fsync { get; init; }

    /// <summary>Create the directory when it is missing; otherwise a missing directory fails the start, as the Collector's does.</summary>
    public bool CreateDirectory { get; init; } = true;

    /// <summary>A segment file is closed and a new one begun past this size; a closed segment is deleted once all its records were handled.</summary>
    public long MaxSegmentBytes { get; init; } = 64L * 1024 * 1024;
}
