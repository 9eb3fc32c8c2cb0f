using OrleansScrape.Configuration;
using OrleansScrape.Prometheus.Configuration;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Prometheus.Tests.Discovery;

public sealed class FileSdConfigReaderTests
{
    private static readonly string ConfigDirectory = Path.Combine(Path.GetTempPath(), "prom-config");
    private static readonly string ConfigFile = Path.Combine(ConfigDirectory, "prometheus.yml");

    // The entry as it sits in a scrape config, so line numbers are those of a real file.
    private static FileSdConfig Read(string entry) =>
        FileSdConfigReader.Read(Section(entry));

    private static YamlMappingReader Section(string entry)
    {
        var text = "file_sd_configs:\n" + string.Join('\n', entry.Split('\n').Select((line, i) => (i == 0 ? "  - " : "    ") + line));
        return YamlDocument.Load(text, ConfigFile).GetMappingSequence("file_sd_configs")[0];
    }

    [Fact]
    public void Refresh_interval_defaults_to_five_minutes()
    {
        var config = Read("files: ['/sd/a.json']");

        Assert.Equal(TimeSpan.FromMinutes(5), config.RefreshInterval);
        Assert.Equal(["/sd/a.json"], config.Files);
    }

    [Fact]
    public void Refresh_interval_is_a_prometheus_duration()
    {
        var config = Read("files: ['/sd/a.json']\nrefresh_interval: 1m30s");

        Assert.Equal(TimeSpan.FromSeconds(90), config.RefreshInterval);
    }

    [Fact]
    public void Refresh_interval_must_be_greater_than_zero()
    {
        var error = Assert.Throws<ConfigException>(() => Read("files: ['/sd/a.json']\nrefresh_interval: 0s"));

        Assert.Equal(3, error.Line);
        Assert.Contains("refresh_interval must be greater than zero", error.Reason);
    }

    [Theory]
    [InlineData("/sd/targets.json")]
    [InlineData("/sd/targets.yml")]
    [InlineData("/sd/targets.yaml")]
    [InlineData("/sd/TARGETS.JSON")]
    [InlineData("/sd/tg_*.json")]
    [InlineData("/sd/*.yaml")]
    [InlineData("/sd/tg_?[0-9].yml")]
    public void File_names_ending_in_json_yml_or_yaml_are_accepted(string file)
    {
        Assert.Equal([file], Read($"files: ['{file}']").Files);
    }

    [Theory]
    [InlineData("/sd/targets.txt")]
    [InlineData("/sd/targets")]
    [InlineData("/sd/targets.json.bak")]
    [InlineData("/sd/*/targets.json")]
    public void File_names_must_end_in_json_yml_or_yaml(string file)
    {
        var error = Assert.Throws<ConfigException>(() => Read($"files:\n  - /sd/ok.json\n  - '{file}'"));

        Assert.Equal($"path name \"{file}\" is not valid for file discovery", error.Reason);
        Assert.Equal(4, error.Line);
        Assert.Equal(ConfigFile, error.File);
    }

    [Theory]
    [InlineData("/sd/zone?/targets.json")]
    [InlineData("/sd/[ab]/targets.json")]
    public void Wildcards_are_only_allowed_in_the_last_path_element(string file)
    {
        var error = Assert.Throws<ConfigException>(() => Read($"files: ['{file}']"));

        Assert.Equal($"path name \"{file}\" is not valid for file discovery: wildcards are only allowed in the last path element", error.Reason);
    }

    [Fact]
    public void Malformed_glob_is_refused()
    {
        var error = Assert.Throws<ConfigException>(() => Read("files: ['/sd/tg_[a.json']"));

        Assert.Equal("path name \"/sd/tg_[a.json\" is not valid for file discovery: syntax error in pattern", error.Reason);
    }

    [Fact]
    public void Files_are_required()
    {
        var missing = Assert.Throws<ConfigException>(() => Read("refresh_interval: 1m"));
        var empty = Assert.Throws<ConfigException>(() => Read("files: []"));

        Assert.Equal("file service discovery config must contain at least one path name", missing.Reason);
        Assert.Equal("file service discovery config must contain at least one path name", empty.Reason);
        Assert.Equal(2, empty.Line);
    }

    [Fact]
    public void Unknown_key_is_refused_with_its_line()
    {
        var error = Assert.Throws<ConfigException>(() => Read("files: ['/sd/a.json']\nrefresh_intervall: 1m"));

        Assert.Equal(3, error.Line);
        Assert.StartsWith("unknown key \"refresh_intervall\"", error.Reason);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_config_file_directory()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere", "b.yml");
        var config = Read($"files: ['sd/*.json', '../shared/a.yaml', '{absolute}']");

        Assert.Equal(
            [
                Path.Combine(ConfigDirectory, "sd", "*.json"),
                Path.GetFullPath(Path.Combine(ConfigDirectory, "..", "shared", "a.yaml")),
                absolute,
            ],
            config.Files);
    }

    [Fact]
    public void Relative_paths_resolve_against_an_explicit_base_directory()
    {
        var baseDirectory = Path.Combine(Path.GetTempPath(), "base");

        var config = FileSdConfigReader.Read(Section("files: ['a.json']"), baseDirectory);

        Assert.Equal([Path.Combine(baseDirectory, "a.json")], config.Files);
    }
}
