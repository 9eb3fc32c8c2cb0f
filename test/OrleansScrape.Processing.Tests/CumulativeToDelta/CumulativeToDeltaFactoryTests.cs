using static OrleansScrape.Processing.Tests.ComponentSections;
using OrleansScrape.Processing.CumulativeToDelta;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.Tests.CumulativeToDelta;

/// <summary>How the <c>cumulative_to_delta</c> factory reads its section: keys into options, refusals at their line.</summary>
public sealed class CumulativeToDeltaFactoryTests
{
    [Fact]
    public void CumulativeToDelta_Empty_GivesTheDefaults()
    {
        var options = new CumulativeToDeltaFactory().ReadTyped(Section("{}"));
        Assert.Equal(new CumulativeToDeltaOptions(), options);
        Assert.Equal(ResetPolicy.KeepIncrease, options.Reset);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxStaleness);
    }

    [Fact]
    public void CumulativeToDelta_AllKeys_AreRead()
    {
        var options = new CumulativeToDeltaFactory().ReadTyped(Section("""
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
        Assert.Equal(TimeSpan.Zero, new CumulativeToDeltaFactory().ReadTyped(Section("max_staleness: 0")).MaxStaleness);
    }

    [Fact]
    public void CumulativeToDelta_UnknownKey_IsRefusedWithItsLine()
    {
        var error = Refused(new CumulativeToDeltaFactory().ReadTyped, "initial_value: auto\nmax_stalenes: 5m");
        Assert.Equal(4, error.Line);
        Assert.Contains("max_stalenes", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_UnknownKeyInInclude_IsRefusedWithItsLine()
    {
        var error = Refused(new CumulativeToDeltaFactory().ReadTyped, "include:\n  metric: [a]");
        Assert.Equal(4, error.Line);
        Assert.Contains("\"metric\"", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidInitialValue_IsRefusedWithItsLine()
    {
        var error = Refused(new CumulativeToDeltaFactory().ReadTyped, "initial_value: first");
        Assert.Equal(3, error.Line);
        Assert.Contains("auto, keep or drop", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidReset_IsRefusedWithItsLine()
    {
        var error = Refused(new CumulativeToDeltaFactory().ReadTyped, "max_staleness: 1h\nreset: keep");
        Assert.Equal(4, error.Line);
        Assert.Contains("keep_increase or drop", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidMaxStaleness_IsRefused()
    {
        Assert.Contains("not a duration", Refused(new CumulativeToDeltaFactory().ReadTyped, "max_staleness: soon").Reason);
        Assert.Contains("must not be negative", Refused(new CumulativeToDeltaFactory().ReadTyped, "max_staleness: -5m").Reason);
    }

    [Fact]
    public void CumulativeToDelta_MetricsWithoutMatchType_AreRefused()
    {
        var error = Refused(new CumulativeToDeltaFactory().ReadTyped, "include:\n  metrics: [a_total]");
        Assert.Equal(4, error.Line);
        Assert.Contains("match_type must be set if metrics are supplied", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_MatchTypeWithoutMetrics_IsRefused()
    {
        var error = Refused(new CumulativeToDeltaFactory().ReadTyped, "exclude:\n  match_type: strict");
        Assert.Contains("metrics must be supplied if match_type is set", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidMatchType_IsRefused()
    {
        var error = Refused(new CumulativeToDeltaFactory().ReadTyped, "include:\n  metrics: [a]\n  match_type: glob");
        Assert.Equal(5, error.Line);
        Assert.Contains("strict or regexp", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidRegexp_IsRefused()
    {
        var error = Refused(new CumulativeToDeltaFactory().ReadTyped, "include:\n  match_type: regexp\n  metrics: [\"(open\"]");
        Assert.Equal(5, error.Line);
        Assert.Contains("not a valid regular expression", error.Reason);
    }

    [Fact]
    public void CumulativeToDelta_InvalidMetricType_IsRefused()
    {
        var error = Refused(new CumulativeToDeltaFactory().ReadTyped, "include:\n  metric_types: [gauge]");
        Assert.Equal(4, error.Line);
        Assert.Contains("sum, histogram or exponentialhistogram", error.Reason);
    }

}
