using static OrleansScrape.Processing.Tests.ComponentSections;
using OrleansScrape.Processing.MetricStartTime;

namespace OrleansScrape.Processing.Tests.MetricStartTime;

/// <summary>How the <c>metric_start_time</c> factory reads its section: keys into options, refusals at their line.</summary>
public sealed class MetricStartTimeFactoryTests
{
    [Fact]
    public void MetricStartTime_Empty_GivesTheDefaults()
    {
        var options = new MetricStartTimeFactory().ReadTyped(Section("{}"));
        Assert.Equal(StartTimeStrategy.TrueResetPoint, options.Strategy);
        Assert.Equal(TimeSpan.FromMinutes(10), options.GcInterval);
        Assert.Null(options.StartTimeMetricRegex);
    }

    [Fact]
    public void MetricStartTime_AllKeys_AreRead()
    {
        var options = new MetricStartTimeFactory().ReadTyped(Section("""
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
            new MetricStartTimeFactory().ReadTyped(Section("strategy: subtract_initial_point")).Strategy);
    }

    [Fact]
    public void MetricStartTime_InvalidStrategy_IsRefusedWithItsLine()
    {
        var error = Refused(new MetricStartTimeFactory().ReadTyped, "gc_interval: 5m\nstrategy: first_point");
        Assert.Equal(4, error.Line);
        Assert.Contains("true_reset_point, subtract_initial_point or start_time_metric", error.Reason);
    }

    [Fact]
    public void MetricStartTime_RegexWithAnotherStrategy_IsRefused()
    {
        var error = Refused(new MetricStartTimeFactory().ReadTyped, "start_time_metric_regex: x");
        Assert.Equal(3, error.Line);
        Assert.Contains("only be set with strategy start_time_metric", error.Reason);
    }

    [Fact]
    public void MetricStartTime_InvalidRegex_IsRefused()
    {
        var error = Refused(new MetricStartTimeFactory().ReadTyped, "strategy: start_time_metric\nstart_time_metric_regex: \"[a-\"");
        Assert.Equal(4, error.Line);
        Assert.Contains("not a valid regular expression", error.Reason);
    }

    [Fact]
    public void MetricStartTime_NonPositiveGcInterval_IsRefused()
    {
        Assert.Contains("must be positive", Refused(new MetricStartTimeFactory().ReadTyped, "gc_interval: 0s").Reason);
    }

    [Fact]
    public void MetricStartTime_UnknownKey_IsRefusedWithItsLine()
    {
        var error = Refused(new MetricStartTimeFactory().ReadTyped, "strategy: true_reset_point\ngc: 5m");
        Assert.Equal(4, error.Line);
        Assert.Contains("\"gc\"", error.Reason);
    }

}
