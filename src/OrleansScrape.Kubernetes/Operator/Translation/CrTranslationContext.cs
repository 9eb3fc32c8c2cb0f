using OrleansScrape.Kubernetes.Operator.Secrets;
using OrleansScrape.Kubernetes.Operator.Selection;

namespace OrleansScrape.Kubernetes.Operator.Translation;

/// <summary>What every translation of one pass shares: the <c>prometheus_cr</c> defaults and the pass's Secret reads.</summary>
public sealed record CrTranslationContext(PrometheusCrSettings Settings, SecretResolver Secrets);
