using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters.Debug;

/// <summary>A <c>debug</c> exporter's section (see the README beside it).</summary>
public sealed record DebugExporterConfig : IExporterConfig
{
    /// <summary><c>verbosity</c>: basic (default), normal or detailed.</summary>
    public DebugVerbosity Verbosity { get; init; } = DebugVerbosity.Basic;

    /// <summary><c>sampling_initial</c>: accepted for compatibility; every export is written.</summary>
    public int SamplingInitial { get; init; } = 2;

    /// <summary><c>sampling_thereafter</c>: accepted for compatibility; every export is written.</summary>
    public int SamplingThereafter { get; init; } = 1;

    /// <summary><c>timeout</c> (none), <c>retry_on_failure</c>, <c>sending_queue</c>.</summary>
    public ExporterHelperOptions Helper { get; init; } = new(DebugExporterFactory.DefaultTimeout);

    /// <summary>The console takes whatever it is given.</summary>
    public BackendLimits Limits => BackendLimits.None;

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (!Enum.IsDefined(Verbosity))
        {
            problems.Add(new ConfigProblem("verbosity", $"must be basic, normal or detailed, not {Verbosity}"));
        }
        if (SamplingInitial < 0)
        {
            problems.Add(new ConfigProblem("sampling_initial", $"must not be negative, not {SamplingInitial}"));
        }
        if (SamplingThereafter < 0)
        {
            problems.Add(new ConfigProblem("sampling_thereafter", $"must not be negative, not {SamplingThereafter}"));
        }
        problems.AddRange(Helper.Validate());
        return problems;
    }
}
