using OrleansScrape.Hosting.Extensions.FileStorage;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>Which <c>file_storage</c> extension keeps an exporter's sending queue on disk (<c>sending_queue.storage</c>).</summary>
public static class QueueStorage
{
    /// <summary>The extension id the exporter's sending queue names, or null for a queue in memory.</summary>
    public static string? IdOf(ComponentConfig exporter) =>
        exporter.Factory is Otlp.Exporters.IExporterFactory factory && factory.HelperOf(exporter.Options).Queue is { Enabled: true, Storage: { } storage }
            ? storage
            : null;

    /// <summary>The storage of an exporter's queue, or null when it is kept in memory.</summary>
    public static FileStorageOptions? Of(OrleansScrapeSettings settings, ComponentConfig exporter) =>
        IdOf(exporter) is { } id ? settings.Extensions.FirstOrDefault(e => e.Id.ToString() == id)?.Options as FileStorageOptions : null;
}
