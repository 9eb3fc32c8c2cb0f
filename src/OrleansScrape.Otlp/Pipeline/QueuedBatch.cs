using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Pipeline;

/// <summary>A batch in the export queue, with the receipt of a caller that waits for its delivery.</summary>
internal readonly record struct QueuedBatch(MetricBatch Batch, ExportReceipt? Receipt);
