using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Processing.CumulativeToDelta;
using OrleansScrape.Processing.Filter;
using OrleansScrape.Processing.Matching;
using OrleansScrape.Processing.MetricStartTime;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Host.Tests;

public sealed class ProcessorConfigReaderTests
{
    // The YAML is the body of a processor section, which sits on line 2 of the document.
    private static YamlMappingReader Section(string body)
    {
        var indented = string.Join('\n', body.Split('\n').Select(line => "    " + line));
        var root = YamlDocument.Load($"processors:\n  component:\n{indented}\n", "test.yaml");
        return root.GetMapping("processors")!.GetMapping("component")!;
    }

    private static ConfigException Refused<T>(Func<YamlMappingReader, T> read, string body) =>
        Assert.Throws<ConfigException>(() => read(Section(body)));

    // ---- cumulativetodelta ----

    [Fact]
    public void CumulativeToDelta_Empty_GivesTheDefaults()
    {
        var options = new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped(Section("{}"));
        Assert.Equal(new CumulativeToDeltaOptions(), options);
        Assert.Equal(ResetPolicy.KeepIncrease, options.Reset);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxStaleness);
    }

    [Fact]
    public void CumulativeToDelta_AllKeys_AreRead()
    {
        var options = new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped(Section("""
            include:
              metrics: ["^http_", "rpc_.*"]
              match_type: regexp
              metric_types: [sum, histogram, ExponentialHistogram]
            exclude:
              metrics: [http_debug_total]
              match_type: strict
            max_staleness: 10m
            initial_value: keep
            reset: drop
            """));
        Assert.Equal(["^http_", "rpc_.*"], options.Include!.Metrics);
        Assert.Equal(MetricMatchType.Regexp, options.Include.MatchType);
        Assert.Equal([DeltaMetricType.Sum, DeltaMetricType.Histogram, DeltaMetricType.ExponentialHistogram], options.Include.MetricTypes);
        Assert.Equal(["http_debug_total"], options.Exclude!.Metrics);
        Assert.Equal(MetricMatchType.Strict, options.Exclude.MatchType);
        Assert.Equal(TimeSpan.FromMinutes(10), options.MaxStaleness);
        Assert.Equal(InitialValueMode.Keep, options.InitialValue);
        Assert.Equal(ResetPolicy.Drop, options.Reset);
    }

    [Fact]
    public void CumulativeToDelta_MaxStalenessZero_KeepsStateForever()
    {
        Assert.Equal(TimeSpan.Zero, new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped(Section("max_staleness: 0")).MaxStaleness);
    }

    [Fact]
    public void CumulativeToDelta_UnknownKey_IsRefusedWithItsLine()
    {
        var error = Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "initial_value: auto\nmax_stalenes: 5m");
        Assert.Equal(4, error.Line);
        Assert.Contains("max_stalenes", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_UnknownKeyInInclude_IsRefusedWithItsLine()
    {
        var error = Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "include:\n  metric: [a]");
        Assert.Equal(4, error.Line);
        Assert.Contains("\"metric\"", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidInitialValue_IsRefusedWithItsLine()
    {
        var error = Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "initial_value: first");
        Assert.Equal(3, error.Line);
        Assert.Contains("auto, keep or drop", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidReset_IsRefusedWithItsLine()
    {
        var error = Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "max_staleness: 1h\nreset: keep");
        Assert.Equal(4, error.Line);
        Assert.Contains("keep_increase or drop", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidMaxStaleness_IsRefused()
    {
        Assert.Contains("not a duration", Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "max_staleness: soon").Reason);
        Assert.Contains("must not be negative", Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "max_staleness: -5m").Reason);
    }

    [Fact]
    public void CumulativeToDelta_MetricsWithoutMatchType_AreRefused()
    {
        var error = Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "include:\n  metrics: [a_total]");
        Assert.Equal(4, error.Line);
        Assert.Contains("match_type must be set if metrics are supplied", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_MatchTypeWithoutMetrics_IsRefused()
    {
        var error = Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "exclude:\n  match_type: strict");
        Assert.Contains("metrics must be supplied if match_type is set", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidMatchType_IsRefused()
    {
        var error = Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "include:\n  metrics: [a]\n  match_type: glob");
        Assert.Equal(5, error.Line);
        Assert.Contains("strict or regexp", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidRegexp_IsRefused()
    {
        var error = Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "include:\n  match_type: regexp\n  metrics: [\"(open\"]");
        Assert.Equal(5, error.Line);
        Assert.Contains("not a valid regular expression", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidMetricType_IsRefused()
    {
        var error = Refused(new OrleansScrape.Processing.CumulativeToDelta.CumulativeToDeltaFactory().ReadTyped, "include:\n  metric_types: [gauge]");
        Assert.Equal(4, error.Line);
        Assert.Contains("sum, histogram or exponentialhistogram", error.Reason);
    }

    // ---- metric_start_time ----

    [Fact]
    public void MetricStartTime_Empty_GivesTheDefaults()
    {
        var options = new OrleansScrape.Processing.MetricStartTime.MetricStartTimeFactory().ReadTyped(Section("{}"));
        Assert.Equal(StartTimeStrategy.TrueResetPoint, options.Strategy);
        Assert.Equal(TimeSpan.FromMinutes(10), options.GcInterval);
        Assert.Null(options.StartTimeMetricRegex);
    }

    [Fact]
    public void MetricStartTime_AllKeys_AreRead()
    {
        var options = new OrleansScrape.Processing.MetricStartTime.MetricStartTimeFactory().ReadTyped(Section("""
            strategy: start_time_metric
            start_time_metric_regex: "^.+_start_time_seconds$"
            gc_interval: 1h
            """));
        Assert.Equal(StartTimeStrategy.StartTimeMetric, options.Strategy);
        Assert.Equal("^.+_start_time_seconds$", options.StartTimeMetricRegex);
        Assert.Equal(TimeSpan.FromHours(1), options.GcInterval);
    }

    [Fact]
    public void MetricStartTime_SubtractInitialPoint_IsRead()
    {
        Assert.Equal(StartTimeStrategy.SubtractInitialPoint,
            new OrleansScrape.Processing.MetricStartTime.MetricStartTimeFactory().ReadTyped(Section("strategy: subtract_initial_point")).Strategy);
    }

    [Fact]
    public void MetricStartTime_InvalidStrategy_IsRefusedWithItsLine()
    {
        var error = Refused(new OrleansScrape.Processing.MetricStartTime.MetricStartTimeFactory().ReadTyped, "gc_interval: 5m\nstrategy: first_point");
        Assert.Equal(4, error.Line);
        Assert.Contains("true_reset_point, subtract_initial_point or start_time_metric", error.Reason);
    }

    [Fact]
    public void MetricStartTime_RegexWithAnotherStrategy_IsRefused()
    {
        var error = Refused(new OrleansScrape.Processing.MetricStartTime.MetricStartTimeFactory().ReadTyped, "start_time_metric_regex: x");
        Assert.Equal(3, error.Line);
        Assert.Contains("only be set with strategy start_time_metric", error.Reason);
    }

    [Fact]
    public void MetricStartTime_InvalidRegex_IsRefused()
    {
        var error = Refused(new OrleansScrape.Processing.MetricStartTime.MetricStartTimeFactory().ReadTyped, "strategy: start_time_metric\nstart_time_metric_regex: \"[a-\"");
        Assert.Equal(4, error.Line);
        Assert.Contains("not a valid regular expression", error.Reason);
    }

    [Fact]
    public void MetricStartTime_NonPositiveGcInterval_IsRefused()
    {
        Assert.Contains("must be positive", Refused(new OrleansScrape.Processing.MetricStartTime.MetricStartTimeFactory().ReadTyped, "gc_interval: 0s").Reason);
    }

    [Fact]
    public void MetricStartTime_UnknownKey_IsRefusedWithItsLine()
    {
        var error = Refused(new OrleansScrape.Processing.MetricStartTime.MetricStartTimeFactory().ReadTyped, "strategy: true_reset_point\ngc: 5m");
        Assert.Equal(4, error.Line);
        Assert.Contains("\"gc\"", error.Reason);
    }

    // ---- filter ----

    [Fact]
    public void Filter_IncludeAndExclude_AreRead()
    {
        var options = new OrleansScrape.Processing.Filter.FilterFactory().ReadTyped(Section("""
            metrics:
              include:
                match_type: regexp
                metric_names: ["^go_", "^process_"]
              exclude:
                match_type: strict
                metric_names: [go_gc_duration_seconds]
            """));
        Assert.Equal(MetricMatchType.Regexp, options.Include!.MatchType);
        Assert.Equal(["^go_", "^process_"], options.Include.MetricNames);
        Assert.Equal(new MetricNameFilter(MetricMatchType.Strict, ["go_gc_duration_seconds"]).MetricNames, options.Exclude!.MetricNames);
        Assert.Equal(MetricMatchType.Strict, options.Exclude.MatchType);
    }

    [Fact]
    public void Filter_Empty_FiltersNothing()
    {
        var options = new OrleansScrape.Processing.Filter.FilterFactory().ReadTyped(Section("{}"));
        Assert.Null(options.Include);
        Assert.Null(options.Exclude);
    }

    [Fact]
    public void Filter_MissingMatchType_IsRefused()
    {
        var error = Refused(new OrleansScrape.Processing.Filter.FilterFactory().ReadTyped, "metrics:\n  include:\n    metric_names: [a]");
        Assert.Equal(4, error.Line);
        Assert.Contains("match_type is required", error.Reason);
    }

    [Fact]
    public void Filter_ExprMatchType_IsRefused()
    {
        var error = Refused(new OrleansScrape.Processing.Filter.FilterFactory().ReadTyped, "metrics:\n  exclude:\n    match_type: expr\n    metric_names: [a]");
        Assert.Equal(5, error.Line);
        Assert.Contains("strict or regexp", error.Reason);
    }

    [Fact]
    public void Filter_EmptyMetricNames_AreRefused()
    {
        var error = Refused(new OrleansScrape.Processing.Filter.FilterFactory().ReadTyped, "metrics:\n  include:\n    match_type: strict\n    metric_names: []");
        Assert.Equal(6, error.Line);
        Assert.Contains("at least one metric", error.Reason);
    }

    [Fact]
    public void Filter_InvalidRegexp_IsRefused()
    {
        var error = Refused(new OrleansScrape.Processing.Filter.FilterFactory().ReadTyped, "metrics:\n  include:\n    match_type: regexp\n    metric_names: [\"(x\"]");
        Assert.Equal(6, error.Line);
        Assert.Contains("not a valid regular expression", error.Reason);
    }

    [Fact]
    public void Filter_OttlConditions_AreRefused()
    {
        var error = Refused(new OrleansScrape.Processing.Filter.FilterFactory().ReadTyped, "metrics:\n  metric:\n    - 'name == \"a\"'");
        Assert.Equal(4, error.Line);
        Assert.Contains("OTTL", error.Reason);
    }

    [Fact]
    public void Filter_UnsupportedMatchProperty_IsRefused()
    {
        var error = Refused(new OrleansScrape.Processing.Filter.FilterFactory().ReadTyped, "metrics:\n  include:\n    match_type: strict\n    metric_names: [a]\n    resource_attributes: []");
        Assert.Equal(7, error.Line);
        Assert.Contains("resource_attributes", error.Reason);
    }

    [Fact]
    public void Filter_UnknownKey_IsRefusedWithItsLine()
    {
        var error = Refused(new OrleansScrape.Processing.Filter.FilterFactory().ReadTyped, "logs:\n  include: {}");
        Assert.Equal(3, error.Line);
        Assert.Contains("\"logs\"", error.Reason);
    }
}
