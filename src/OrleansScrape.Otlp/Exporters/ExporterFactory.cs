using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters;

/// <summary>
/// The common shape of an exporter factory: the exporter's defaults (including its exporterhelper
/// defaults, whose timeout differs by exporter) come from <see cref="ComponentFactory{TOptions}.CreateDefault"/>,
/// the reader maps keys, the options validate themselves, and <see cref="Create"/> builds the transport.
/// </summary>
public abstract class ExporterFactory<TConfig> : ComponentFactory<TConfig>, IExporterFactory
    where TConfig : class, IExporterConfig
{
    public sealed override ComponentKind Kind => ComponentKind.Exporter;

    /// <summary>The transport for typed options.</summary>
    protected abstract IMetricsExporter Create(string id, TConfig options, ExporterServices services);

    public IMetricsExporter CreateTransport(string id, object options, ExporterServices services)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(services);
        return Create(id, Typed(options), services);
    }

    public ExporterHelperOptions HelperOf(object options) => Typed(options).Helper;

    public BackendLimits LimitsOf(object options) => Typed(options).Limits;

    private TConfig Typed(object options) => options as TConfig
        ?? throw new ArgumentException($"The {Type} exporter factory cannot use options of type {options?.GetType().Name ?? "null"}.", nameof(options));
}
