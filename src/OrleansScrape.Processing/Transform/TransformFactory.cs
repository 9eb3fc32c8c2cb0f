using OrleansScrape.Configuration;
using YamlDotNet.RepresentationModel;

namespace OrleansScrape.Processing.Transform;

/// <summary>
/// Reads a <c>transform</c> processor section: <c>error_mode</c> and <c>metric_statements</c>, in the
/// form with <c>statements</c> (and <c>context</c>, or none to infer it) or the flat form of statement
/// strings, whose consecutive strings form one group without context as upstream. Every statement is
/// parsed here, so one outside the supported OTTL subset stops the configuration with its file,
/// line and the column inside the statement.
/// </summary>
public sealed class TransformFactory : ProcessorFactory<TransformOptions>
{
    public override string Type => "transform";

    protected override string? UnknownKeyHint => " (this version supports error_mode and metric_statements)";

    public override TransformOptions CreateDefault() => new();

    protected override IMetricsProcessor Create(TransformOptions options, ProcessorServices services) => new TransformProcessor(options);

    protected override TransformOptions Read(YamlMappingReader section, TransformOptions defaults)
    {
        var errorMode = ReadErrorMode(section) ?? defaults.ErrorMode;
        foreach (var other in new[] { "trace_statements", "log_statements", "profile_statements" })
        {
            if (section.Has(other))
            {
                throw section.ErrorAt(other, $"{section.Qualified(other)}: OrleansScrape carries metrics only (use metric_statements)");
            }
        }
        var groups = new List<TransformStatementGroup>();
        var items = section.GetSequence("metric_statements");
        // The flat form's strings in a row, with their nodes and item paths for errors.
        var flat = new List<(string Text, YamlNode Node, string Path)>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{section.Qualified("metric_statements")}[{i}]";
            switch (items[i])
            {
                case YamlMappingNode mapping:
                    AddFlat(section.File, flat, groups);
                    groups.Add(ReadGroup(section.Nested(mapping, path)));
                    break;
                case YamlScalarNode scalar:
                    flat.Add((ScalarText(section, path, scalar), scalar, path));
                    break;
                default:
                    throw YamlMappingReader.ErrorAt(section.File, items[i], $"{path} must be a statement or a mapping with context and statements");
            }
        }
        AddFlat(section.File, flat, groups);
        return defaults with { ErrorMode = errorMode, MetricStatements = groups };
    }

    private static TransformStatementGroup ReadGroup(YamlMappingReader group)
    {
        var contextText = group.GetString("context");
        OttlContext? context = contextText switch
        {
            "resource" => OttlContext.Resource,
            "metric" => OttlContext.Metric,
            "datapoint" => OttlContext.DataPoint,
            null or "" => null,
            _ => throw group.ErrorAt("context", $"{group.Qualified("context")} \"{contextText}\" is not supported (supported: resource, metric, datapoint)"),
        };
        if (group.Has("conditions"))
        {
            throw group.ErrorAt("conditions", $"{group.Qualified("conditions")} is not supported: put a where clause on each statement");
        }
        if (group.Has("error_mode"))
        {
            throw group.ErrorAt("error_mode", $"{group.Qualified("error_mode")}: set error_mode for the whole processor in this version");
        }
        var nodes = group.GetSequence("statements");
        var texts = group.GetStringList("statements");
        group.RejectUnknownKeys(" (this version supports context and statements)");
        var result = new TransformStatementGroup(context, texts);
        if (TransformOptions.Check(result) is { } problem)
        {
            throw YamlMappingReader.ErrorAt(group.File, nodes[problem.Statement],
                $"{group.Qualified("statements")}[{problem.Statement}]: {problem.Problem.Message}");
        }
        return result;
    }

    // Flat statements in a row are one group whose context is inferred from all of them.
    private static void AddFlat(string file, List<(string Text, YamlNode Node, string Path)> flat, List<TransformStatementGroup> groups)
    {
        if (flat.Count == 0)
        {
            return;
        }
        var group = new TransformStatementGroup(null, flat.Select(f => f.Text).ToList());
        if (TransformOptions.Check(group) is { } problem)
        {
            var (_, node, path) = flat[problem.Statement];
            throw YamlMappingReader.ErrorAt(file, node, $"{path}: {problem.Problem.Message}");
        }
        groups.Add(group);
        flat.Clear();
    }

    // A lone scalar of a sequence, read through a reader so ${env:...} references expand as everywhere else.
    private static string ScalarText(YamlMappingReader section, string path, YamlScalarNode node)
    {
        var holder = new YamlMappingNode(new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode("statement"), node));
        return section.Nested(holder, path).GetString("statement") ?? "";
    }

    private static TransformErrorMode? ReadErrorMode(YamlMappingReader section)
    {
        var text = section.GetString("error_mode");
        return text switch
        {
            null => null,
            "propagate" => TransformErrorMode.Propagate,
            "ignore" => TransformErrorMode.Ignore,
            "silent" => TransformErrorMode.Silent,
            _ => throw section.ErrorAt("error_mode", $"{section.Qualified("error_mode")} \"{text}\" must be propagate, ignore or silent"),
        };
    }
}
