using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Exporters;

/// <summary>Sends batches of metrics to one destination.</summary>
public interface IMetricsExporter
{
    /// <summary>The configured name; used as the <c>exporter</c> tag of the exporter metrics.</summary>
    string Name { get; }

    /// <summary>Sends the batches as one request.</summary>
    /// <exception cref="ExportFailedException">The destination did not accept the batches.</exception>
    Task ExportAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken);
}
