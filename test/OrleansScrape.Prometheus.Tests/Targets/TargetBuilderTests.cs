using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Relabeling;

namespace OrleansScrape.Prometheus.Tests.Targets;

/// <summary>Discovered label sets become scrape targets as in Prometheus's <c>PopulateLabels</c>.</summary>
public sealed class TargetBuilderTests
{
    private static ScrapeConfig Job(params RelabelConfig[] relabeling) => new()
    {
        JobName = "node",
        ScrapeInterval = TimeSpan.FromSeconds(30),
        ScrapeTimeout = TimeSpan.FromSeconds(10),
        Params = new Dictionary<string, string[]> { ["module"] = ["m1", "m2"] },
        RelabelConfigs = relabeling,
    };

    private static Dictionary<string, string> Labels(params (string Name, string Value)[] labels) =>
        labels.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal);

    private static TargetBuildResult Build(ScrapeConfig job, params (string Name, string Value)[] labels) =>
        new TargetBuilder(job).Build(Labels(), Labels(labels));

    private static ScrapeTarget BuildTarget(ScrapeConfig job, params (string Name, string Value)[] labels)
    {
        var result = Build(job, labels);
        Assert.Null(result.Error);
        return Assert.IsType<ScrapeTarget>(result.Target);
    }

    private static RelabelConfig Set(string target, string value) =>
        new() { TargetLabel = target, Replacement = value, Regex = RelabelRegex.Parse("(.*)") };

    private static TargetGroup Group(string source, Dictionary<string, string>? labels = null, params string[] addresses) => new()
    {
        Source = source,
        Targets = addresses.Select(a => (IReadOnlyDictionary<string, string>)Labels(("__address__", a))).ToList(),
        Labels = labels ?? Labels(),
    };

    [Fact]
    public void Defaults_FillJobSchemePathIntervalTimeoutAndParams()
    {
        var target = BuildTarget(Job(), ("__address__", "10.0.0.1:9100"));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["__address__"] = "10.0.0.1:9100",
                ["__metrics_path__"] = "/metrics",
                ["__param_module"] = "m1",
                ["__scheme__"] = "http",
                ["__scrape_interval__"] = "30s",
                ["__scrape_timeout__"] = "10s",
                ["job"] = "node",
            },
            target.DiscoveredLabels);
        Assert.Equal(("node", "http", "/metrics", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)),
            (target.Job, target.Scheme, target.MetricsPath, target.ScrapeInterval, target.ScrapeTimeout));
        Assert.Equal(["m1", "m2"], target.Params["module"]);
        Assert.Equal(new Uri("http://10.0.0.1:9100/metrics?module=m1&module=m2"), target.ScrapeUrl);
    }

    [Fact]
    public void Defaults_DoNotReplaceDiscoveredLabels()
    {
        var target = BuildTarget(Job(), ("__address__", "10.0.0.1:9100"), ("job", "custom"), ("__scheme__", "https"), ("__metrics_path__", "/m"));

        Assert.Equal(("custom", "https", "/m"), (target.Job, target.Scheme, target.MetricsPath));
        Assert.Equal("node", target.ScrapeConfigName);
    }

    [Fact]
    public void TargetLabels_WinOverGroupLabels()
    {
        var result = new TargetBuilder(Job()).Build(Labels(("env", "group"), ("rack", "r1")), Labels(("__address__", "a:1"), ("env", "target")));

        Assert.Equal(new Dictionary<string, string> { ["env"] = "target", ["rack"] = "r1" }, result.Target!.Labels);
    }

    [Fact]
    public void RelabelKeep_DropsTargetsThatDoNotMatch_AndCountsThem()
    {
        var keep = new RelabelConfig { SourceLabels = ["__meta_role"], Regex = RelabelRegex.Parse("db"), Action = RelabelAction.Keep };
        var groups = new[]
        {
            new TargetGroup { Source = "0", Targets = [Labels(("__address__", "a:1"), ("__meta_role", "db")), Labels(("__address__", "b:1"), ("__meta_role", "web"))] },
        };

        var set = new TargetBuilder(Job(keep)).Build(groups);

        Assert.Equal(["a:1"], set.Targets.Select(t => t.Address));
        Assert.Equal(1, set.Dropped);
        Assert.Empty(set.Errors);
    }

    [Fact]
    public void RelabelDrop_DropsTargetsThatMatch_AndCountsThem()
    {
        var drop = new RelabelConfig { SourceLabels = ["__address__"], Regex = RelabelRegex.Parse("b:.*"), Action = RelabelAction.Drop };

        var set = new TargetBuilder(Job(drop)).Build([Group("0", null, "a:1", "b:1", "b:2")]);

        Assert.Equal(["a:1"], set.Targets.Select(t => t.Address));
        Assert.Equal(2, set.Dropped);
        Assert.True(Build(Job(drop), ("__address__", "b:1")).Dropped);
    }

    [Fact]
    public void Instance_DefaultsToTheAddress()
    {
        var target = BuildTarget(Job(), ("__address__", "10.0.0.1:9100"));

        Assert.Equal("10.0.0.1:9100", target.Instance);
        Assert.DoesNotContain("instance", target.Labels.Keys);
    }

    [Fact]
    public void Instance_SetByRelabeling_IsKept()
    {
        var target = BuildTarget(Job(Set("instance", "node-1")), ("__address__", "10.0.0.1:9100"));

        Assert.Equal(("node-1", "10.0.0.1:9100"), (target.Instance, target.Address));
    }

    [Fact]
    public void Relabeling_SetsTheScheme()
    {
        Assert.Equal("https", BuildTarget(Job(Set("__scheme__", "https")), ("__address__", "a:1")).Scheme);
    }

    [Fact]
    public void Relabeling_SetsTheMetricsPath()
    {
        var target = BuildTarget(Job(Set("__metrics_path__", "/custom/metrics")), ("__address__", "a:1"));

        Assert.Equal(new Uri("http://a:1/custom/metrics?module=m1&module=m2"), target.ScrapeUrl);
    }

    [Fact]
    public void Relabeling_SetsTheAddress_AndTheInstanceFollowsIt()
    {
        var rewrite = new RelabelConfig
        {
            SourceLabels = ["__address__"],
            Regex = RelabelRegex.Parse("(.+):\\d+"),
            TargetLabel = "__address__",
            Replacement = "$1:9102",
        };

        var target = BuildTarget(Job(rewrite), ("__address__", "10.0.0.5:8080"));

        Assert.Equal(("10.0.0.5:9102", "10.0.0.5:9102"), (target.Address, target.Instance));
    }

    [Fact]
    public void Relabeling_SetsAParam_ReplacingTheFirstConfiguredValue()
    {
        var target = BuildTarget(Job(Set("__param_module", "m9"), Set("__param_target", "db-1")), ("__address__", "a:1"));

        Assert.Equal(["m9", "m2"], target.Params["module"]);
        Assert.Equal(["db-1"], target.Params["target"]);
        Assert.Equal("module=m9&module=m2&target=db-1", target.ScrapeUrl.Query.TrimStart('?'));
    }

    [Fact]
    public void Relabeling_SetsScrapeIntervalAndTimeout()
    {
        var target = BuildTarget(Job(Set("__scrape_interval__", "1m30s"), Set("__scrape_timeout__", "45s")), ("__address__", "a:1"));

        Assert.Equal((TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(45)), (target.ScrapeInterval, target.ScrapeTimeout));
    }

    [Theory]
    [InlineData("__scrape_interval__", "fast", "error parsing scrape interval: not a valid duration string: \"fast\"")]
    [InlineData("__scrape_interval__", "0", "scrape interval cannot be 0")]
    [InlineData("__scrape_timeout__", "5 s", "error parsing scrape timeout: not a valid duration string: \"5 s\"")]
    [InlineData("__scrape_timeout__", "0s", "scrape timeout cannot be 0")]
    [InlineData("__scrape_timeout__", "1m", "scrape timeout cannot be greater than scrape interval (\"1m\" > \"30s\")")]
    public void Relabeling_BadIntervalOrTimeout_IsAnError(string label, string value, string error)
    {
        var result = Build(Job(Set(label, value)), ("__address__", "a:1"));

        Assert.Null(result.Target);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void MetaAndTmpLabels_AreNotTargetLabels()
    {
        var copy = new RelabelConfig { SourceLabels = ["__meta_pod"], TargetLabel = "__tmp_pod", Regex = RelabelRegex.Parse("(.*)") };
        var map = new RelabelConfig { SourceLabels = ["__tmp_pod"], TargetLabel = "pod", Regex = RelabelRegex.Parse("(.*)") };

        var target = BuildTarget(Job(copy, map), ("__address__", "a:1"), ("__meta_pod", "web-0"), ("team", "red"));

        Assert.Equal(new Dictionary<string, string> { ["pod"] = "web-0", ["team"] = "red" }, target.Labels);
    }

    [Fact]
    public void Address_WithSlash_IsAnError()
    {
        var set = new TargetBuilder(Job()).Build([Group("file.json:0", null, "http://a:1/metrics")]);

        Assert.Empty(set.Targets);
        Assert.Equal(0, set.Dropped);
        Assert.Equal(["file.json:0: \"http://a:1/metrics\" is not a valid hostname"], set.Errors);
    }

    [Fact]
    public void Address_Missing_IsAnError()
    {
        Assert.Equal("no address", Build(Job(), ("team", "red")).Error);
    }

    [Fact]
    public void Relabeling_ThatRemovesEveryLabel_LeavesNoAddress()
    {
        // Only keep/drop rules drop a target; in Prometheus a set emptied by labelkeep has no address.
        var keepNothing = new RelabelConfig { Regex = RelabelRegex.Parse("nothing"), Action = RelabelAction.LabelKeep };

        var result = Build(Job(keepNothing), ("__address__", "a:1"));

        Assert.False(result.Dropped);
        Assert.Equal("no address", result.Error);
    }

    [Fact]
    public void DuplicateTargetsAcrossGroups_AreKeptOnce()
    {
        var set = new TargetBuilder(Job()).Build([Group("0", null, "a:1", "b:1"), Group("1", null, "b:1")]);

        Assert.Equal(["a:1", "b:1"], set.Targets.Select(t => t.Address).Order());
    }

    [Fact]
    public void DiscoveredLabels_HoldTheLabelsBeforeRelabeling()
    {
        var target = BuildTarget(Job(Set("__scheme__", "https"), Set("team", "blue")), ("__address__", "a:1"), ("__meta_node", "n1"), ("team", "red"));

        Assert.Equal("red", target.DiscoveredLabels["team"]);
        Assert.Equal("http", target.DiscoveredLabels["__scheme__"]);
        Assert.Equal("n1", target.DiscoveredLabels["__meta_node"]);
        Assert.Equal(("https", "blue"), (target.Scheme, target.Labels["team"]));
    }

    [Fact]
    public void StaticConfigs_BecomeOneGroupEach_WithTheirLabels()
    {
        var job = Job() with
        {
            StaticConfigs =
            [
                new StaticConfig { Targets = ["a:1", "b:1"], Labels = new Dictionary<string, string> { ["env"] = "prod" } },
                new StaticConfig { Targets = ["c:1"] },
            ],
        };

        var set = new TargetBuilder(job).Build(StaticDiscovery.Groups(job));

        Assert.Equal(["0", "1"], StaticDiscovery.Groups(job).Select(g => g.Source));
        Assert.Equal([("a:1", "prod"), ("b:1", "prod"), ("c:1", "")],
            set.Targets.OrderBy(t => t.Address).Select(t => (t.Address, t.Labels.GetValueOrDefault("env", ""))));
    }
}
