using OrleansScrape.Configuration;

namespace OrleansScrape.Otlp.Exporters.File;

/// <summary>Settings of the <c>file</c> exporter: OTLP/JSON lines, rotated by size as the Collector's file exporter does.</summary>
public sealed class FileExporterOptions
{
    public string Path { get; set; } = "";

    /// <summary>Size at which the file is rotated; 0 = never rotate. The Collector's default is 100 MB.</summary>
    public long MaxMegabytes { get; set; } = 100;

    /// <summary>Rotated files kept; older ones are deleted. 0 = keep all.</summary>
    public int MaxBackups { get; set; } = 100;

    /// <summary>Problems that would keep an exporter from working; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate() => Problems().Select(problem => $"{problem.Key} {problem.Message}").ToList();

    /// <summary>The same problems, keyed by the configuration key at fault.</summary>
    internal List<ConfigProblem> Problems()
    {
        var problems = new List<ConfigProblem>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            problems.Add(new ConfigProblem("path", "is required."));
        }
        if (MaxMegabytes < 0)
        {
            problems.Add(new ConfigProblem("rotation.max_megabytes", "must not be negative."));
        }
        if (MaxBackups < 0)
        {
            problems.Add(new ConfigProblem("rotation.max_backups", "must not be negative."));
        }
        return problems;
    }
}
