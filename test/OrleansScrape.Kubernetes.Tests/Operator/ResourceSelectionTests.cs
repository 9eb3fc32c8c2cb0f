using OrleansScrape.Kubernetes.Operator.Resources;
using OrleansScrape.Kubernetes.Operator.Selection;

namespace OrleansScrape.Kubernetes.Tests.Operator;

public sealed class ResourceSelectionTests
{
    private static readonly ResourceMetadata Monitor = new("shop", "m", new Dictionary<string, string> { ["prometheus.dynatrace.com"] = "true" });
    private static readonly LabelSelector Dynatrace = new() { MatchLabels = new Dictionary<string, string> { ["prometheus.dynatrace.com"] = "true" } };
    private static readonly LabelSelector Other = new() { MatchLabels = new Dictionary<string, string> { ["team"] = "other" } };

    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> Namespaces = new()
    {
        ["shop"] = new Dictionary<string, string> { ["monitored"] = "yes" },
    };

    private static bool Selects(PrometheusCrSettings settings, LabelSelector? selector, LabelSelector? namespaceSelector = null) =>
        ResourceSelection.Selects(settings, selector, namespaceSelector ?? LabelSelector.Everything, Monitor, Namespaces);

    [Fact]
    public void A_null_resource_selector_selects_nothing_and_an_empty_one_everything()
    {
        Assert.False(Selects(new PrometheusCrSettings(), null));
        Assert.True(Selects(new PrometheusCrSettings(), LabelSelector.Everything));
    }

    [Fact]
    public void The_resource_selector_matches_the_resources_labels()
    {
        Assert.True(Selects(new PrometheusCrSettings(), Dynatrace));
        Assert.False(Selects(new PrometheusCrSettings(), Other));
    }

    [Fact]
    public void The_namespace_selector_matches_the_labels_of_the_resources_namespace()
    {
        var monitored = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["monitored"] = "yes" } };
        var unmonitored = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["monitored"] = "no" } };

        Assert.True(Selects(new PrometheusCrSettings(), Dynatrace, monitored));
        Assert.False(Selects(new PrometheusCrSettings(), Dynatrace, unmonitored));
    }

    [Fact]
    public void Denied_or_not_allowed_namespaces_are_never_selected()
    {
        Assert.False(Selects(new PrometheusCrSettings { DenyNamespaces = ["shop"] }, Dynatrace));
        Assert.False(Selects(new PrometheusCrSettings { AllowNamespaces = ["other"] }, Dynatrace));
        Assert.True(Selects(new PrometheusCrSettings { AllowNamespaces = ["shop"] }, Dynatrace));
    }
}
