namespace OrleansScrape.Otlp.Exporters.File;

/// <summary>Settings of the <c>file</c> exporter: OTLP/JSON lines, rotated by size as the Collector's file exporter does.</summary>
public sealed class FileExporterOptions
{
    public string Path { get; set; } = "";

    /// <summary>Size at which the file is rotated; 0 = never rotate. The Collector's default is 100 MB.</summary>
    public long MaxMegabytes { get; set; } = 100;

    /// <summary>Rotated files kept; older ones are deleted. 0 = keep all.</summary>
    public int MaxBackups { get; set; } = 100;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            problems.Add("path is required.");
        }
        if (MaxMegabytes < 0)
        {
            problems.Add("rotation.max_megabytes must not be negative.");
        }
        if (MaxBackups < 0)
        {
            problems.Add("rotation.max_backups must not be negative.");
        }
        return problems;
    }
}
