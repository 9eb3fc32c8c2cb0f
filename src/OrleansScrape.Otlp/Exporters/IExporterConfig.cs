using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters;

/// <summary>The options of an exporter component: its own settings plus what every exporter has.</summary>
public interface IExporterConfig : IValidatedOptions
{
    /// <summary><c>timeout</c>, <c>retry_on_failure</c>, <c>sending_queue</c>.</summary>
    ExporterHelperOptions Helper { get; }

    /// <summary>What the backend accepts; the sender shapes requests to fit.</summary>
    BackendLimits Limits { get; }
}
