namespace OrleansScrape.Otlp.Exporters.Helper;

/// <summary>
/// A sending queue refused a request: it was full and <c>block_on_overflow</c> is false, or the
/// request alone is larger than the whole queue. The request was not queued (and is counted in
/// <c>otelcol_exporter_enqueue_failed_metric_points</c>).
/// </summary>
public sealed class SendingQueueFullException : Exception
{
    public SendingQueueFullException(string exporter, long requestSize, long queueSize, long capacity, QueueSizer sizer)
        : base(requestSize > capacity
            ? $"Exporter '{exporter}': a request of {requestSize} {Unit(sizer)} can never fit its sending queue of {capacity}."
            : $"Exporter '{exporter}': the sending queue is full ({queueSize} of {capacity} {Unit(sizer)} used; the request needs {requestSize}).")
    {
        Exporter = exporter;
        RequestSize = requestSize;
        QueueSize = queueSize;
        Capacity = capacity;
        Sizer = sizer;
    }

    public string Exporter { get; }

    /// <summary>The refused request's size, in <see cref="Sizer"/> units.</summary>
    public long RequestSize { get; }

    /// <summary>How much of the queue was in use when it refused.</summary>
    public long QueueSize { get; }

    public long Capacity { get; }

    public QueueSizer Sizer { get; }

    private static string Unit(QueueSizer sizer) => sizer switch
    {
        QueueSizer.Items => "points",
        QueueSizer.Bytes => "bytes",
        _ => "requests",
    };
}
