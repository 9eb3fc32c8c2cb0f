using OrleansScrape.Configuration;
using System.Text.RegularExpressions;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// Reads one entry of <c>file_sd_configs</c> (<c>files</c>, <c>refresh_interval</c>) with Prometheus's
/// defaults and validation, and resolves relative paths against the configuration file's directory.
/// </summary>
public static partial class FileSdConfigReader
{
    /// <param name="section">The mapping of one <c>file_sd_configs</c> entry; unknown keys are refused here.</param>
    /// <param name="baseDirectory">Directory for relative paths; by default the directory of <see cref="YamlMappingReader.File"/>.</param>
    public static FileSdConfig Read(YamlMappingReader section, string? baseDirectory = null)
    {
        var nodes = section.GetSequence("files");
        var files = section.GetStringList("files");
        var interval = section.GetDuration("refresh_interval") ?? FileSdConfig.DefaultRefreshInterval;
        section.RejectUnknownKeys();

        if (files.Count == 0)
        {
            throw section.Has("files")
                ? section.ErrorAt("files", "file service discovery config must contain at least one path name")
                : section.Error("file service discovery config must contain at least one path name");
        }
        if (interval <= TimeSpan.Zero)
        {
            throw section.ErrorAt("refresh_interval", $"{section.Qualified("refresh_interval")} must be greater than zero");
        }

        baseDirectory ??= Path.GetDirectoryName(Path.GetFullPath(section.File)) ?? Directory.GetCurrentDirectory();
        var resolved = new List<string>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var name = files[i];
            if (!FileSdName().IsMatch(name))
            {
                throw YamlMappingReader.ErrorAt(section.File, nodes[i], $"path name \"{name}\" is not valid for file discovery");
            }
            var lastElement = Path.GetFileName(name);
            // Wildcards are expanded in the last element only; one elsewhere would silently match nothing.
            if (FileSdGlob.HasWildcard(name[..^lastElement.Length]))
            {
                throw YamlMappingReader.ErrorAt(section.File, nodes[i], $"path name \"{name}\" is not valid for file discovery: wildcards are only allowed in the last path element");
            }
            if (!FileSdGlob.IsValid(lastElement))
            {
                throw YamlMappingReader.ErrorAt(section.File, nodes[i], $"path name \"{name}\" is not valid for file discovery: syntax error in pattern");
            }
            // As Prometheus's JoinDir: an absolute path is kept as written, a relative one joins the config's directory.
            resolved.Add(Path.IsPathRooted(name) ? name : Path.GetFullPath(Path.Combine(baseDirectory, name)));
        }
        return new FileSdConfig { Files = resolved, RefreshInterval = interval };
    }

    // Prometheus's patFileSDName: a .json/.yml/.yaml name, with at most one * run in the last element.
    [GeneratedRegex(@"^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$")]
    private static partial Regex FileSdName();
}
