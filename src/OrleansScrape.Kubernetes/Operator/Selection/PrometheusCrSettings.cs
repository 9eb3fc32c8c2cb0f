using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Prometheus.Exposition;

namespace OrleansScrape.Kubernetes.Operator.Selection;

/// <summary>
/// The Target Allocator's <c>prometheus_cr</c> settings: whether custom resources are watched,
/// which ones are selected, and the defaults their scrape configs get. Selector semantics are
/// upstream's: a null resource selector selects nothing, an empty one everything; the namespace
/// selectors default to empty (every namespace).
/// </summary>
public sealed record PrometheusCrSettings
{
    public static readonly TimeSpan DefaultScrapeInterval = TimeSpan.FromSeconds(30);

    public bool Enabled { get; init; }

    /// <summary>The scrape interval of a monitor endpoint or ScrapeConfig that sets none.</summary>
    public TimeSpan ScrapeInterval { get; init; } = DefaultScrapeInterval;

    /// <summary>The scrape protocols of jobs whose resource sets none (the Target Allocator's default list).</summary>
    public IReadOnlyList<string> ScrapeProtocols { get; init; } = Prometheus.Exposition.ScrapeProtocols.Default;

    public LabelSelector? ServiceMonitorSelector { get; init; }
    public LabelSelector? PodMonitorSelector { get; init; }
    public LabelSelector? ScrapeConfigSelector { get; init; }

    public LabelSelector ServiceMonitorNamespaceSelector { get; init; } = LabelSelector.Everything;
    public LabelSelector PodMonitorNamespaceSelector { get; init; } = LabelSelector.Everything;
    public LabelSelector ScrapeConfigNamespaceSelector { get; init; } = LabelSelector.Everything;

    /// <summary>Only these namespaces are watched (empty: all). Exclusive with <see cref="DenyNamespaces"/>.</summary>
    public IReadOnlyList<string> AllowNamespaces { get; init; } = [];

    /// <summary>These namespaces are never watched.</summary>
    public IReadOnlyList<string> DenyNamespaces { get; init; } = [];

    /// <summary>Whether custom resources in <paramref name="namespace"/> may be read at all.</summary>
    public bool IsNamespaceAllowed(string @namespace) =>
        (AllowNamespaces.Count == 0 || AllowNamespaces.Contains(@namespace, StringComparer.Ordinal))
        && !DenyNamespaces.Contains(@namespace, StringComparer.Ordinal);

    /// <summary>Whether a namespace selector needs the Namespace objects' labels (anything but "every namespace").</summary>
    public bool NeedsNamespaceLabels =>
        !ServiceMonitorNamespaceSelector.IsEmpty || !PodMonitorNamespaceSelector.IsEmpty || !ScrapeConfigNamespaceSelector.IsEmpty;
}
