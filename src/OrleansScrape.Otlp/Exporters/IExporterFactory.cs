using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters;

/// <summary>
/// An exporter type: reads its section (<see cref="IComponentFactory.ReadOptions"/>) and, from those
/// options, builds the parts of its <see cref="ExporterSender"/>: the transport that encodes and
/// sends, the exporterhelper settings, and the backend's limits.
/// <see cref="ExporterSender.Create"/> puts them together.
/// </summary>
public interface IExporterFactory : IComponentFactory
{
    /// <summary>The transport of an exporter whose options this factory read.</summary>
    /// <param name="id">The component id (<c>otlp_http/dynatrace</c>): the <c>exporter</c> tag of its metrics.</param>
    /// <exception cref="ArgumentException">The options are not this factory's.</exception>
    IMetricsExporter CreateTransport(string id, object options, ExporterServices services);

    /// <summary>The options' <c>timeout</c>, <c>retry_on_failure</c> and <c>sending_queue</c>.</summary>
    ExporterHelperOptions HelperOf(object options);

    /// <summary>What the options' backend accepts; <see cref="BackendLimits.None"/> for exporters without limits.</summary>
    BackendLimits LimitsOf(object options);
}
