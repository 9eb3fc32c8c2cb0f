namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// One of <c>service.pipelines</c>: <c>metrics</c> or <c>metrics/NAME</c>, with the receivers that feed
/// it, its processors in order and the exporters it fans out to. A receiver or an exporter may serve
/// several pipelines; each pipeline's processors keep their series apart from the others'.
/// </summary>
public sealed record PipelineConfig(string Name, IReadOnlyList<ComponentConfig> Receivers, IReadOnlyList<ComponentConfig> Processors, IReadOnlyList<ComponentConfig> Exporters)
{
    public override string ToString() =>
        $"{Name}: [{string.Join(", ", Receivers)}] -> [{string.Join(", ", Processors)}] -> [{string.Join(", ", Exporters)}]";
}
