using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Pipeline.Persistent;

/// <summary>A batch read back from the persistent queue, with the sequence number that acknowledges it.</summary>
public sealed record LoggedBatch(long Sequence, MetricBatch Batch);
