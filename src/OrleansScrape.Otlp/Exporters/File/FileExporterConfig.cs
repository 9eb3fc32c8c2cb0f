using OrleansScrape.Configuration;
using OrleansScrape.Otlp.Exporters.Helper;

namespace OrleansScrape.Otlp.Exporters.File;

/// <summary>A <c>file</c> exporter's section (see the README beside it).</summary>
public sealed record FileExporterConfig : IExporterConfig
{
    /// <summary><c>path</c>: the file, relative paths against the configuration file's directory. Required.</summary>
    public string Path { get; init; } = "";

    /// <summary><c>rotation.max_megabytes</c>: size at which the file is rotated; 0 never rotates.</summary>
    public long MaxMegabytes { get; init; } = 100;

    /// <summary><c>rotation.max_backups</c>: rotated files kept; 0 keeps all.</summary>
    public int MaxBackups { get; init; } = 100;

    /// <summary><c>timeout</c> (none), <c>retry_on_failure</c>, <c>sending_queue</c>.</summary>
    public ExporterHelperOptions Helper { get; init; } = new(FileExporterFactory.DefaultTimeout);

    /// <summary>A file takes whatever it is given.</summary>
    public BackendLimits Limits => BackendLimits.None;

    public FileExporterOptions ToTransportOptions() => new() { Path = Path, MaxMegabytes = MaxMegabytes, MaxBackups = MaxBackups };

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = ToTransportOptions().Problems();
        problems.AddRange(Helper.Validate());
        return problems;
    }
}
