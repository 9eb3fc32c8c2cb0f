using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

/// <summary>
/// The seed's annotation-driven pod scraping, from a Prometheus Operator ScrapeConfig resource, as the
/// relabel_configs the operator renders for it: scrape only annotated pods, honour their scheme, port
/// and path annotations, and skip pods that have finished.
/// </summary>
public sealed class AnnotationScrapeConfigTests
{
    private const string Prefix = "__meta_kubernetes_pod_annotation_metrics_dynatrace_com_";
    private const string Present = "__meta_kubernetes_pod_annotationpresent_metrics_dynatrace_com_";

    private const string Yaml = """
        relabel_configs:
          - source_labels: [__meta_kubernetes_pod_annotation_metrics_dynatrace_com_scrape, __meta_kubernetes_pod_annotationpresent_metrics_dynatrace_com_scrape]
            action: keep
            regex: 'true;true'
          - source_labels: [__meta_kubernetes_pod_annotation_metrics_dynatrace_com_secure, __meta_kubernetes_pod_annotationpresent_metrics_dynatrace_com_secure]
            action: replace
            regex: 'true;true'
            target_label: __scheme__
            replacement: https
          - source_labels: [__address__, __meta_kubernetes_pod_annotation_metrics_dynatrace_com_port, __meta_kubernetes_pod_annotationpresent_metrics_dynatrace_com_port]
            action: replace
            regex: '(.+?)(?::\d+)?;(\d+);true'
            target_label: __address__
            replacement: $1:$2
          - source_labels: [__meta_kubernetes_pod_annotation_metrics_dynatrace_com_path, __meta_kubernetes_pod_annotationpresent_metrics_dynatrace_com_path]
            action: replace
            regex: '(.+);true'
            target_label: __metrics_path__
            replacement: $1
          - source_labels: [__meta_kubernetes_pod_phase]
            action: drop
            regex: (Failed|Succeeded)
        """;

    // The ScrapeConfig's relabelings written as RelabelConfigs (sourceLabels, action, regex, targetLabel, replacement).
    private static readonly RelabelConfig[] Translated =
    [
        new() { SourceLabels = [Prefix + "scrape", Present + "scrape"], Action = RelabelAction.Keep, Regex = RelabelRegex.Parse("true;true") },
        new() { SourceLabels = [Prefix + "secure", Present + "secure"], Action = RelabelAction.Replace, Regex = RelabelRegex.Parse("true;true"), TargetLabel = "__scheme__", Replacement = "https" },
        new() { SourceLabels = ["__address__", Prefix + "port", Present + "port"], Action = RelabelAction.Replace, Regex = RelabelRegex.Parse(@"(.+?)(?::\d+)?;(\d+);true"), TargetLabel = "__address__", Replacement = "$1:$2" },
        new() { SourceLabels = [Prefix + "path", Present + "path"], Action = RelabelAction.Replace, Regex = RelabelRegex.Parse("(.+);true"), TargetLabel = "__metrics_path__", Replacement = "$1" },
        new() { SourceLabels = ["__meta_kubernetes_pod_phase"], Action = RelabelAction.Drop, Regex = RelabelRegex.Parse("(Failed|Succeeded)") },
    ];

    private static readonly Relabeler Relabeler = new(Translated);

    // A pod's discovery labels: its address and phase plus each annotation with its "present" marker.
    private static Dictionary<string, string> Pod(string address, string phase, params (string Name, string Value)[] annotations)
    {
        var labels = new Dictionary<string, string>
        {
            ["__address__"] = address,
            ["__meta_kubernetes_pod_phase"] = phase,
            ["__meta_kubernetes_pod_name"] = "web-0",
        };
        foreach (var (name, value) in annotations)
        {
            labels[Prefix + name] = value;
            labels[Present + name] = "true";
        }
        return labels;
    }

    private static Dictionary<string, string>? Relabel(Dictionary<string, string> pod)
    {
        var builder = new LabelsBuilder(pod);
        return Relabeler.Process(builder) ? builder.ToArray().ToDictionary(l => l.Name, l => l.Value) : null;
    }

    // Input plus the changes the rules are expected to make.
    private static Dictionary<string, string> With(Dictionary<string, string> pod, params (string Name, string Value)[] changes)
    {
        var expected = new Dictionary<string, string>(pod);
        foreach (var (name, value) in changes)
        {
            expected[name] = value;
        }
        return expected;
    }

    [Fact]
    public void YamlRelabelConfigs_EqualTheTranslatedScrapeConfig() => Assert.Equal(Translated, Rules(Yaml));

    [Fact]
    public void FullyAnnotatedPod_GetsSchemePortAndPath()
    {
        var pod = Pod("10.0.0.5:8080", "Running", ("scrape", "true"), ("secure", "true"), ("port", "9102"), ("path", "/custom"));

        var result = Relabel(pod);

        Assert.Equal(With(pod, ("__scheme__", "https"), ("__address__", "10.0.0.5:9102"), ("__metrics_path__", "/custom")), result);
    }

    [Fact]
    public void AnnotatedPodWithoutContainerPort_GetsThePortAnnotation()
    {
        var pod = Pod("10.0.0.5", "Running", ("scrape", "true"), ("port", "9102"));

        Assert.Equal(With(pod, ("__address__", "10.0.0.5:9102")), Relabel(pod));
    }

    [Fact]
    public void UnannotatedPod_IsDropped() => Assert.Null(Relabel(Pod("10.0.0.5:8080", "Running")));

    [Theory]
    [InlineData("false")]
    [InlineData("TRUE")]
    [InlineData("")]
    public void PodWhoseScrapeAnnotationIsNotTrue_IsDropped(string value) =>
        Assert.Null(Relabel(Pod("10.0.0.5:8080", "Running", ("scrape", value))));

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public void ScrapablePodThatHasFinished_IsDropped(string phase) =>
        Assert.Null(Relabel(Pod("10.0.0.5:8080", phase, ("scrape", "true"), ("port", "9102"))));

    [Theory]
    [InlineData("10.0.0.5:8080")]
    [InlineData("10.0.0.5")]
    public void ScrapablePodWithoutPortAnnotation_KeepsItsAddress(string address)
    {
        var pod = Pod(address, "Running", ("scrape", "true"));

        Assert.Equal(pod, Relabel(pod));
    }

    [Fact]
    public void PodWithNonNumericPortAnnotation_KeepsItsAddress()
    {
        var pod = Pod("10.0.0.5:8080", "Pending", ("scrape", "true"), ("port", "metrics"));

        Assert.Equal(pod, Relabel(pod));
    }

    [Fact]
    public void PodWithSecureFalse_KeepsDefaultScheme()
    {
        var pod = Pod("10.0.0.5:8080", "Running", ("scrape", "true"), ("secure", "false"), ("path", "/m"));

        Assert.Equal(With(pod, ("__metrics_path__", "/m")), Relabel(pod));
    }

    [Fact]
    public void PodWithEmptyPathAnnotation_KeepsDefaultPath()
    {
        var pod = Pod("10.0.0.5:8080", "Running", ("scrape", "true"), ("path", ""));
        // An empty-valued label counts as absent and is left out of the result.
        var expected = new Dictionary<string, string>(pod);
        expected.Remove(Prefix + "path");

        Assert.Equal(expected, Relabel(pod));
    }
}
