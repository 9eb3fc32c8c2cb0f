using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Prometheus.Receiver;

/// <summary>A <c>prometheus</c> receiver: the native Prometheus configuration it scrapes.</summary>
public sealed record PrometheusReceiverOptions : IValidatedOptions
{
    public PrometheusConfig Config { get; init; } = new();

    // The Prometheus reader refuses what is invalid with its own positions as it reads.
    public IReadOnlyList<ConfigProblem> Validate() => [];
}
