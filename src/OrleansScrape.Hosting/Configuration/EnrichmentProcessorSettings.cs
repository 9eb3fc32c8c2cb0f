using OrleansScrape.Configuration;
using OrleansScrape.Processing.KubernetesAttributes;
using OrleansScrape.Processing.Transform;

namespace OrleansScrape.Hosting.Configuration;

public sealed record KubernetesAttributesSettings(ComponentId Id, KubernetesAttributesOptions Options) : ProcessorSettings(Id);

public sealed record TransformSettings(ComponentId Id, TransformOptions Options) : ProcessorSettings(Id);
