using OrleansScrape.Configuration;

namespace OrleansScrape.Otlp.Exporters;

/// <summary>Rules and reading shared by the exporters' configuration types.</summary>
internal static class ExporterConfigs
{
    /// <summary>Header names are case-insensitive: two that differ only in case would silently replace each other.</summary>
    public static IEnumerable<ConfigProblem> DuplicateHeaders(IReadOnlyDictionary<string, string> headers)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in headers.Keys)
        {
            if (!seen.Add(name))
            {
                yield return new ConfigProblem("headers", $"'{name}' is given twice (header names are case-insensitive).");
            }
        }
    }

    /// <summary><c>compression</c> as the OTLP exporters read it: gzip or none (also written as an empty value).</summary>
    public static bool? ReadGzip(YamlMappingReader section) => section.GetString("compression") switch
    {
        null => null,
        "gzip" => true,
        "none" or "" => false,
        var other => throw section.ErrorAt("compression", $"{section.Qualified("compression")}: \"{other}\" is not supported (supported: gzip, none)"),
    };

    /// <summary>A relative path as the Collector reads it: against the directory of the configuration file.</summary>
    public static string ResolvePath(YamlMappingReader section, string path)
    {
        if (path.Length == 0 || Path.IsPathRooted(path))
        {
            return path;
        }
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(section.File)) ?? Directory.GetCurrentDirectory();
        return Path.Combine(baseDirectory, path);
    }
}
