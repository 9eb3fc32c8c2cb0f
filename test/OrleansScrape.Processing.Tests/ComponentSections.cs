using OrleansScrape.Configuration;

namespace OrleansScrape.Processing.Tests;

/// <summary>A processor's section for factory tests: the YAML body sits under <c>processors.component</c>, its first line on line 3.</summary>
internal static class ComponentSections
{
    public static YamlMappingReader Section(string body)
    {
        var indented = string.Join('\n', body.Split('\n').Select(line => "    " + line));
        var root = YamlDocument.Load($"processors:\n  component:\n{indented}\n", "test.yaml");
        return root.GetMapping("processors")!.GetMapping("component")!;
    }

    public static ConfigException Refused<T>(Func<YamlMappingReader, T> read, string body) =>
        Assert.Throws<ConfigException>(() => read(Section(body)));
}
