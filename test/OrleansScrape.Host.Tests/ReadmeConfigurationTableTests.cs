using System.Text.RegularExpressions;
using OrleansScrape.Configuration;
using OrleansScrape.Hosting.Configuration;

namespace OrleansScrape.Host.Tests;

/// <summary>README's configuration table and the registry name the same components: nothing documented that is not read, nothing read that is not documented.</summary>
public sealed partial class ReadmeConfigurationTableTests
{
    private static string Readme()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansScrape.sln")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        return File.ReadAllText(Path.Combine(directory.FullName, "README.md"));
    }

    // A row of the table: | `processors.cumulative_to_delta` (formerly `cumulativetodelta`) | ...
    [GeneratedRegex(@"^\| `(?<section>receivers|processors|exporters|extensions)\.(?<type>[a-z0-9_]+)`(?: \(formerly `(?<alias>[a-z0-9_]+)`\))?", RegexOptions.Multiline)]
    private static partial Regex ComponentRow();

    [Fact]
    public void Every_registered_component_has_a_row_and_every_row_a_registered_component()
    {
        var rows = ComponentRow().Matches(Readme())
            .Select(m => (Kind: Kind(m.Groups["section"].Value), Type: m.Groups["type"].Value, Alias: m.Groups["alias"].Success ? m.Groups["alias"].Value : null))
            .ToList();
        var registry = OrleansScrapeComponents.Registry;

        foreach (var factory in registry.Factories)
        {
            Assert.True(rows.Any(r => r.Kind == factory.Kind && r.Type == factory.Type), $"README has no row for {factory.Kind} {factory.Type}");
            foreach (var alias in factory.Aliases)
            {
                Assert.True(rows.Any(r => r.Kind == factory.Kind && r.Type == factory.Type && r.Alias == alias), $"README's row for {factory.Kind} {factory.Type} does not name its older name {alias}");
            }
        }
        foreach (var row in rows)
        {
            var factory = registry.Find(row.Kind, row.Type);
            Assert.True(factory is not null && factory.Type == row.Type, $"README documents {row.Kind} {row.Type}, which the registry does not have");
        }
    }

    private static ComponentKind Kind(string section) => section switch
    {
        "receivers" => ComponentKind.Receiver,
        "processors" => ComponentKind.Processor,
        "exporters" => ComponentKind.Exporter,
        _ => ComponentKind.Extension,
    };
}
