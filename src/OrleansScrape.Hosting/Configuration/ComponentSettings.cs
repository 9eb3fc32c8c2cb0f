using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.OtlpHttp;
using OrleansScrape.Processing.CumulativeToDelta;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>A configured processor of the metrics pipeline.</summary>
public abstract record ProcessorSettings(ComponentId Id);

public sealed record CumulativeToDeltaSettings(ComponentId Id, CumulativeToDeltaOptions Options) : ProcessorSettings(Id);

public sealed record MetricStartTimeSettings(ComponentId Id, OrleansScrape.Processing.MetricStartTime.MetricStartTimeOptions Options) : ProcessorSettings(Id);

public sealed record FilterSettings(ComponentId Id, OrleansScrape.Processing.Filter.FilterOptions Options) : ProcessorSettings(Id);

/// <summary>A configured exporter of the metrics pipeline.</summary>
public abstract record ExporterSettings(ComponentId Id);

public sealed record OtlpHttpExporterSettings(ComponentId Id, OtlpHttpExporterOptions Options) : ExporterSettings(Id);

public sealed record DebugExporterSettings(ComponentId Id) : ExporterSettings(Id);

public sealed record OtlpGrpcExporterSettings(ComponentId Id, OrleansScrape.Otlp.Exporters.OtlpGrpc.OtlpGrpcExporterOptions Options) : ExporterSettings(Id);

public sealed record FileExporterSettings(ComponentId Id, OrleansScrape.Otlp.Exporters.File.FileExporterOptions Options) : ExporterSettings(Id);
