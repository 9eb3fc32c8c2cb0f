using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Extensions.FileStorage;

/// <summary>
/// The <c>file_storage</c> extension: a directory that exporters' persistent sending queues are
/// kept in (<c>sending_queue.storage</c> names the extension), with the Collector's defaults.
/// </summary>
public sealed record FileStorageOptions : IValidatedOptions
{
    /// <summary>The Collector's default directory.</summary>
    public static string DefaultDirectory => OperatingSystem.IsWindows()
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "Otelcol", "FileStorage")
        : "/var/lib/otelcol/file_storage";

    public string Directory { get; init; } = DefaultDirectory;

    /// <summary>Create the directory when missing; otherwise a missing directory fails the start, as the Collector's does.</summary>
    public bool CreateDirectory { get; init; }

    /// <summary>Flush each record to the device before a batch counts as queued.</summary>
    public bool Fsync { get; init; }

    public IReadOnlyList<ConfigProblem> Validate() =>
        string.IsNullOrWhiteSpace(Directory) ? [new ConfigProblem("directory", "must not be empty")] : [];
}
