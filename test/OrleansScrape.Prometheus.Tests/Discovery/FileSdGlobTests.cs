using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Prometheus.Tests.Discovery;

/// <summary>The last-element glob follows Go's filepath.Match, which Prometheus's file_sd uses.</summary>
public sealed class FileSdGlobTests
{
    [Theory]
    [InlineData("*.json", "a.json", true)]
    [InlineData("*.json", ".hidden.json", true)]
    [InlineData("*.json", "a.yml", false)]
    [InlineData("tg_*.json", "tg_.json", true)]
    [InlineData("tg_*_*.json", "tg_a_b.json", true)]
    [InlineData("tg_*_*.json", "tg_ab.json", false)]
    [InlineData("tg_?.json", "tg_1.json", true)]
    [InlineData("tg_?.json", "tg_12.json", false)]
    [InlineData("tg_[0-9].json", "tg_7.json", true)]
    [InlineData("tg_[0-9].json", "tg_x.json", false)]
    [InlineData("tg_[^0-9].json", "tg_x.json", true)]
    [InlineData("tg_[^0-9].json", "tg_7.json", false)]
    [InlineData("tg_[abc].json", "tg_b.json", true)]
    [InlineData(@"tg_\*.json", "tg_*.json", true)]
    [InlineData(@"tg_\*.json", "tg_a.json", false)]
    [InlineData("TG_*.json", "tg_a.json", false)]
    public void Matches_as_go_filepath_Match(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, FileSdGlob.IsMatch(pattern, name));
    }

    [Theory]
    [InlineData("tg_[a.json")]
    [InlineData("tg_[].json")]
    [InlineData("tg_[a-].json")]
    [InlineData(@"tg_\")]
    [InlineData("*.json[")]
    public void Malformed_patterns_are_invalid_and_match_nothing(string pattern)
    {
        Assert.False(FileSdGlob.IsValid(pattern));
        Assert.False(FileSdGlob.IsMatch(pattern, "tg_a.json"));
    }

    [Fact]
    public void Expanding_a_path_without_wildcards_yields_it_only_when_it_exists()
    {
        using var dir = new TempDirectory();
        var present = dir.Write("a.json", "[]");

        Assert.Equal([present], FileSdGlob.Expand(present));
        Assert.Empty(FileSdGlob.Expand(dir.File("b.json")));
    }

    [Fact]
    public void Expanding_skips_directories_and_sorts_by_name()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("z.json"));
        var b = dir.Write("b.json", "[]");
        var a = dir.Write("a.json", "[]");

        Assert.Equal([a, b], FileSdGlob.Expand(dir.File("*.json")));
    }
}
