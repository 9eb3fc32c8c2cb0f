using static OrleansScrape.Processing.Tests.ComponentSections;
using OrleansScrape.Processing.Filter;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.Tests.Filter;

/// <summary>How the <c>filter</c> factory reads its section: keys into options, refusals at their line.</summary>
public sealed class FilterFactoryTests
{
    [Fact]
    public void Filter_IncludeAndExclude_AreRead()
    {
        var options = new FilterFactory().ReadTyped(Section("""
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
        var options = new FilterFactory().ReadTyped(Section("{}"));
        Assert.Null(options.Include);
        Assert.Null(options.Exclude);
    }

    [Fact]
    public void Filter_MissingMatchType_IsRefused()
    {
        var error = Refused(new FilterFactory().ReadTyped, "metrics:\n  include:\n    metric_names: [a]");
        Assert.Equal(4, error.Line);
        Assert.Contains("match_type is required", error.Reason);
    }

    [Fact]
    public void Filter_ExprMatchType_IsRefused()
    {
        var error = Refused(new FilterFactory().ReadTyped, "metrics:\n  exclude:\n    match_type: expr\n    metric_names: [a]");
        Assert.Equal(5, error.Line);
        Assert.Contains("strict or regexp", error.Reason);
    }

    [Fact]
    public void Filter_EmptyMetricNames_AreRefused()
    {
        var error = Refused(new FilterFactory().ReadTyped, "metrics:\n  include:\n    match_type: strict\n    metric_names: []");
        Assert.Equal(6, error.Line);
        Assert.Contains("at least one metric", error.Reason);
    }

    [Fact]
    public void Filter_InvalidRegexp_IsRefused()
    {
        var error = Refused(new FilterFactory().ReadTyped, "metrics:\n  include:\n    match_type: regexp\n    metric_names: [\"(x\"]");
        Assert.Equal(6, error.Line);
        Assert.Contains("not a valid regular expression", error.Reason);
    }

    [Fact]
    public void Filter_OttlConditions_AreRefused()
    {
        var error = Refused(new FilterFactory().ReadTyped, "metrics:\n  metric:\n    - 'name == \"a\"'");
        Assert.Equal(4, error.Line);
        Assert.Contains("OTTL", error.Reason);
    }

    [Fact]
    public void Filter_UnsupportedMatchProperty_IsRefused()
    {
        var error = Refused(new FilterFactory().ReadTyped, "metrics:\n  include:\n    match_type: strict\n    metric_names: [a]\n    resource_attributes: []");
        Assert.Equal(7, error.Line);
        Assert.Contains("resource_attributes", error.Reason);
    }

    [Fact]
    public void Filter_UnknownKey_IsRefusedWithItsLine()
    {
        var error = Refused(new FilterFactory().ReadTyped, "logs:\n  include: {}");
        Assert.Equal(3, error.Line);
        Assert.Contains("\"logs\"", error.Reason);
    }
}
