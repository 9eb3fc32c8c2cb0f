using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Tests.Http;

/// <summary>Reads HTTP client settings from YAML text as if it sat in a scrape config of <see cref="File"/>.</summary>
internal static class ConfigText
{
    public static readonly string File = Path.Combine(Path.GetTempPath(), "prometheus", "prometheus.yml");
    public static readonly string Directory = Path.GetDirectoryName(File)!;

    public static YamlMappingReader Load(string yaml) => YamlDocument.Load(yaml, File);

    public static HttpClientConfig Read(string yaml) => HttpClientConfigReader.Read(Load(yaml));

    public static ConfigException Refuse(string yaml) => Assert.Throws<ConfigException>(() => Read(yaml));

    /// <summary>Where a relative path in the config ends up.</summary>
    public static string Resolved(string relative) => Path.GetFullPath(Path.Combine(Directory, relative));
}
