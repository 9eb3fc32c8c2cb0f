using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Prometheus.Tests.Targets;

/// <summary>
/// The seed's annotation-driven pod scraping (the relabel_configs the operator renders for its
/// ScrapeConfig) applied through <see cref="TargetBuilder"/> to pod-like label sets.
/// </summary>
public sealed class AnnotationTargetTests
{
    private const string Prefix = "__meta_kubernetes_pod_annotation_metrics_dynatrace_com_";
    private const string Present = "__meta_kubernetes_pod_annotationpresent_metrics_dynatrace_com_";

    private static readonly ScrapeConfig Job = new()
    {
        JobName = "pods",
        ScrapeInterval = TimeSpan.FromSeconds(30),
        ScrapeTimeout = TimeSpan.FromSeconds(10),
        RelabelConfigs =
        [
            new() { SourceLabels = [Prefix + "scrape", Present + "scrape"], Action = RelabelAction.Keep, Regex = RelabelRegex.Parse("true;true") },
            new() { SourceLabels = [Prefix + "secure", Present + "secure"], Action = RelabelAction.Replace, Regex = RelabelRegex.Parse("true;true"), TargetLabel = "__scheme__", Replacement = "https" },
            new() { SourceLabels = ["__address__", Prefix + "port", Present + "port"], Action = RelabelAction.Replace, Regex = RelabelRegex.Parse(@"(.+?)(?::\d+)?;(\d+);true"), TargetLabel = "__address__", Replacement = "$1:$2" },
            new() { SourceLabels = [Prefix + "path", Present + "path"], Action = RelabelAction.Replace, Regex = RelabelRegex.Parse("(.+);true"), TargetLabel = "__metrics_path__", Replacement = "$1" },
            new() { SourceLabels = ["__meta_kubernetes_pod_phase"], Action = RelabelAction.Drop, Regex = RelabelRegex.Parse("(Failed|Succeeded)") },
        ],
    };

    private static readonly TargetBuilder Builder = new(Job);

    private static Dictionary<string, string> Pod(string address, string phase, params (string Name, string Value)[] annotations)
    {
        var labels = new Dictionary<string, string>
        {
            ["__address__"] = address,
            ["__meta_kubernetes_pod_phase"] = phase,
            ["__meta_kubernetes_pod_name"] = "web-0",
            ["__meta_kubernetes_namespace"] = "shop",
        };
        foreach (var (name, value) in annotations)
        {
            labels[Prefix + name] = value;
            labels[Present + name] = "true";
        }
        return labels;
    }

    private static TargetBuildResult Build(Dictionary<string, string> pod) => Builder.Build(new Dictionary<string, string>(), pod);

    [Fact]
    public void FullyAnnotatedPod_IsScrapedWithItsSchemePortAndPath()
    {
        var target = Build(Pod("10.0.0.5:8080", "Running", ("scrape", "true"), ("secure", "true"), ("port", "9102"), ("path", "/custom"))).Target!;

        Assert.Equal(new Uri("https://10.0.0.5:9102/custom"), target.ScrapeUrl);
        Assert.Equal(("pods", "10.0.0.5:9102"), (target.Job, target.Instance));
        Assert.Empty(target.Labels);
        Assert.Equal("10.0.0.5:8080", target.DiscoveredLabels["__address__"]);
    }

    [Fact]
    public void AnnotatedPodWithoutContainerPort_IsScrapedOnThePortAnnotation()
    {
        var target = Build(Pod("10.0.0.5", "Pending", ("scrape", "true"), ("port", "9102"))).Target!;

        Assert.Equal(new Uri("http://10.0.0.5:9102/metrics"), target.ScrapeUrl);
    }

    [Fact]
    public void ScrapablePodWithoutOtherAnnotations_IsScrapedWithTheJobsDefaults()
    {
        var target = Build(Pod("10.0.0.5:8080", "Running", ("scrape", "true"))).Target!;

        Assert.Equal(new Uri("http://10.0.0.5:8080/metrics"), target.ScrapeUrl);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("TRUE")]
    [InlineData("")]
    public void PodWhoseScrapeAnnotationIsNotTrue_IsDropped(string value) =>
        Assert.True(Build(Pod("10.0.0.5:8080", "Running", ("scrape", value))).Dropped);

    [Fact]
    public void UnannotatedPod_IsDropped() => Assert.True(Build(Pod("10.0.0.5:8080", "Running")).Dropped);

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public void FinishedPod_IsDropped(string phase) =>
        Assert.True(Build(Pod("10.0.0.5:8080", phase, ("scrape", "true"), ("port", "9102"))).Dropped);

    [Fact]
    public void PodsOfOneGroup_BecomeTheTargetSet()
    {
        var group = new TargetGroup
        {
            Source = "kubernetes_sd/pod/shop",
            Targets =
            [
                Pod("10.0.0.5:8080", "Running", ("scrape", "true")),
                Pod("10.0.0.6:8080", "Running", ("scrape", "true"), ("secure", "true")),
                Pod("10.0.0.7:8080", "Running"),
                Pod("10.0.0.8:8080", "Succeeded", ("scrape", "true")),
            ],
        };

        var set = Builder.Build([group]);

        Assert.Equal(["http://10.0.0.5:8080/metrics", "https://10.0.0.6:8080/metrics"], set.Targets.Select(t => t.ScrapeUrl.ToString()).Order());
        Assert.Equal(2, set.Dropped);
        Assert.Empty(set.Errors);
    }
}
