using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Pipeline;

namespace OrleansScrape.Processing.Batching;

/// <summary><c>batch</c>: its options size the pipeline's requests (see <see cref="BatchProcessor"/> and <see cref="MetricsPipeline"/>).</summary>
public sealed class BatchFactory : ProcessorFactory<BatchProcessorOptions>
{
    public override string Type => "batch";

    public override BatchProcessorOptions CreateDefault() => new();

    protected override BatchProcessorOptions Read(YamlMappingReader section, BatchProcessorOptions defaults)
    {
        if (section.GetStringList("metadata_keys").Count > 0)
        {
            // Batching by client metadata needs the sender's request headers, which do not travel with the data.
            throw section.ErrorAt("metadata_keys", $"{section.Qualified("metadata_keys")} is not supported: OrleansScrape does not carry client metadata with the data");
        }
        section.GetInt("metadata_cardinality_limit");
        return defaults with
        {
            SendBatchSize = section.GetInt("send_batch_size") ?? defaults.SendBatchSize,
            SendBatchMaxSize = section.GetInt("send_batch_max_size") ?? defaults.SendBatchMaxSize,
            Timeout = GoDuration.Read(section, "timeout") ?? defaults.Timeout,
        };
    }

    protected override IMetricsProcessor Create(BatchProcessorOptions options, ProcessorServices services) => new BatchProcessor();
}
