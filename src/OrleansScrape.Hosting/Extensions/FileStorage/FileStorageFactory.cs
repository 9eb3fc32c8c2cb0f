using OrleansScrape.Configuration;

namespace OrleansScrape.Hosting.Extensions.FileStorage;

/// <summary><c>file_storage</c>: <c>directory</c> (relative to the configuration file), <c>create_directory</c>, <c>fsync</c>.</summary>
public sealed class FileStorageFactory : ComponentFactory<FileStorageOptions>
{
    public override ComponentKind Kind => ComponentKind.Extension;

    public override string Type => "file_storage";

    public override FileStorageOptions CreateDefault() => new();

    protected override FileStorageOptions Read(YamlMappingReader section, FileStorageOptions defaults)
    {
        var directory = section.GetString("directory") ?? defaults.Directory;
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(section.File)) ?? System.IO.Directory.GetCurrentDirectory();
        foreach (var key in new[] { "timeout", "compaction", "directory_permissions", "recreate" })
        {
            if (section.Has(key))
            {
                section.MarkRead(key);
                section.WarnAt(key, $"{section.Qualified(key)} has no effect in OrleansScrape: its queue files are compacted as their batches are acknowledged");
            }
        }
        return defaults with
        {
            Directory = directory.Length == 0 || Path.IsPathRooted(directory) ? directory : Path.Combine(baseDirectory, directory),
            CreateDirectory = section.GetBool("create_directory") ?? defaults.CreateDirectory,
            Fsync = section.GetBool("fsync") ?? defaults.Fsync,
        };
    }
}
