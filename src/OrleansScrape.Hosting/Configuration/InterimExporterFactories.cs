using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Configuration;

// Interim: the exporters' own factories replace these.
internal sealed record InterimExporterOptions(object Options, DeliverySettings Delivery) : IValidatedOptions
{
    public IReadOnlyList<ConfigProblem> Validate() => [];
}

internal abstract class InterimExporterFactory : ComponentFactory<InterimExporterOptions>
{
    public override ComponentKind Kind => ComponentKind.Exporter;
    public override InterimExporterOptions CreateDefault() => new(new object(), new DeliverySettings());
    protected override InterimExporterOptions Read(YamlMappingReader section, InterimExporterOptions defaults) =>
        new(ReadOwn(section), ExporterConfigReaders.ReadDelivery(section));
    protected abstract object ReadOwn(YamlMappingReader section);
}

internal sealed class OtlpHttpExporterFactory : InterimExporterFactory
{
    public override string Type => "otlp_http";
    public override IReadOnlyList<string> Aliases => ["otlphttp"];
    protected override object ReadOwn(YamlMappingReader section) => ExporterConfigReaders.ReadOtlpHttp(section);
}

internal sealed class OtlpGrpcExporterFactory : InterimExporterFactory
{
    public override string Type => "otlp_grpc";
    public override IReadOnlyList<string> Aliases => ["otlp"];
    protected override object ReadOwn(YamlMappingReader section) => ExporterConfigReaders.ReadOtlpGrpc(section);
}

internal sealed class FileExporterFactory : InterimExporterFactory
{
    public override string Type => "file";
    protected override object ReadOwn(YamlMappingReader section) => ExporterConfigReaders.ReadFile(section);
}

internal sealed class DebugExporterFactory : InterimExporterFactory
{
    public override string Type => "debug";
    protected override object ReadOwn(YamlMappingReader section) => ExporterConfigReaders.ReadDebug(section, new ComponentId("debug", ""));
}
