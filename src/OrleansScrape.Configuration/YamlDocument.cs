using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansScrape.Configuration;

/// <summary>Loads a YAML text into a node tree that keeps line numbers for error messages.</summary>
public static class YamlDocument
{
    public static YamlMappingReader Load(string text, string file, ConfigWarnings? warnings = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes its messages with the position, which the ConfigException adds again.
            var cut = reason.IndexOf("): ", StringComparison.Ordinal);
            if (reason.StartsWith("(Line", StringComparison.Ordinal) && cut > 0)
            {
                reason = reason[(cut + 3)..];
            }
            throw new ConfigException(file, (int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {reason}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new YamlMappingReader(new YamlMappingNode(), file, "", warnings);
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new ConfigException(file, (int)second.Line, (int)second.Column, "expected a single YAML document");
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var start = stream.Documents[0].RootNode.Start;
            throw new ConfigException(file, (int)start.Line, (int)start.Column, "expected a mapping at the top level");
        }
        return new YamlMappingReader(root, file, "", warnings);
    }
}
