using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansScrape.Processing.Transform;

/// <summary>
/// Parses statements of the supported OTTL subset (see the README of this folder). Anything
/// outside it is refused with the column where it starts, so a statement is never half-understood.
/// </summary>
internal sealed class OttlParser
{
    private static readonly string[] Editors =
        ["set", "delete_key", "delete_matching_keys", "keep_keys", "replace_pattern", "replace_all_patterns", "merge_maps"];

    private static readonly string[] Converters = ["Concat", "IsMatch", "IsString", "Len", "ParseJSON"];

    private readonly string _text;
    private readonly OttlContext _context;
    private readonly bool _prefixed;
    private readonly List<OttlToken> _tokens;
    private int _position;

    private OttlParser(string text, OttlContext context, bool prefixed)
    {
        _text = text;
        _context = context;
        _prefixed = prefixed;
        _tokens = OttlLexer.Tokenize(text);
    }

    /// <summary>Parses a statement of a context; with <paramref name="prefixed"/> (a group whose context is inferred) every path must name its context.</summary>
    /// <exception cref="OttlSyntaxException">The statement is outside the supported subset.</exception>
    public static OttlStatement Parse(string statement, OttlContext context, bool prefixed = false) =>
        new OttlParser(statement, context, prefixed).ParseStatement();

    /// <summary>
    /// The most specific context the path prefixes of a statement name (<c>datapoint.</c> over
    /// <c>metric.</c> over <c>resource.</c>), or null when no path has such a prefix.
    /// </summary>
    /// <exception cref="OttlSyntaxException">The statement does not tokenize.</exception>
    public static OttlContext? PrefixContext(string statement)
    {
        var tokens = OttlLexer.Tokenize(statement);
        OttlContext? found = null;
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            // The first name of a dotted path: a name followed by a dot and not itself after one.
            if (tokens[i].Kind != OttlTokenKind.Identifier || tokens[i + 1].Kind != OttlTokenKind.Dot || (i > 0 && tokens[i - 1].Kind == OttlTokenKind.Dot))
            {
                continue;
            }
            OttlContext? named = tokens[i].Text switch
            {
                "resource" => OttlContext.Resource,
                "metric" => OttlContext.Metric,
                "datapoint" => OttlContext.DataPoint,
                _ => null,
            };
            // The enum is ordered from the least to the most specific context.
            if (named is { } context && (found is null || context > found))
            {
                found = context;
            }
        }
        return found;
    }

    private OttlToken Current => _tokens[_position];

    private OttlStatement ParseStatement()
    {
        var editor = ParseEditor();
        OttlCondition? condition = null;
        if (IsKeyword("where"))
        {
            _position++;
            condition = ParseOr();
        }
        if (Current.Kind != OttlTokenKind.End)
        {
            throw Error(Current, $"unexpected \"{Current.Text}\" after the statement");
        }
        return new OttlStatement(_text, editor, condition);
    }

    private OttlEditor ParseEditor()
    {
        var name = Current;
        if (name.Kind != OttlTokenKind.Identifier)
        {
            throw Error(name, "a statement starts with an editor such as set or delete_key");
        }
        if (!Editors.Contains(name.Text))
        {
            throw Error(name, Converters.Contains(name.Text)
                ? $"{name.Text} is a converter; a statement starts with an editor ({string.Join(", ", Editors)})"
                : $"the editor \"{name.Text}\" is not supported (supported: {string.Join(", ", Editors)})");
        }
        _position++;
        var args = ParseArguments(name);
        return name.Text switch
        {
            "set" => Arity(name, args, 2) is var a ? new OttlSet(Path(a[0]), a[1].Value) : null!,
            "delete_key" => Arity(name, args, 2) is var a ? new OttlDeleteKey(MapPath(a[0]), a[1].Value) : null!,
            "delete_matching_keys" => Arity(name, args, 2) is var a ? new OttlDeleteMatchingKeys(MapPath(a[0]), Pattern(a[1])) : null!,
            "keep_keys" => Arity(name, args, 2) is var a ? new OttlKeepKeys(MapPath(a[0]), StringList(a[1])) : null!,
            "replace_pattern" => Arity(name, args, 3) is var a ? new OttlReplacePattern(Path(a[0]), Pattern(a[1]), a[2].Value) : null!,
            "replace_all_patterns" => Arity(name, args, 4) is var a
                ? new OttlReplaceAllPatterns(MapPath(a[0]), Literal(a[1]) switch
                {
                    "key" => true,
                    "value" => false,
                    _ => throw Error(a[1].Token, "the mode of replace_all_patterns must be \"key\" or \"value\""),
                }, Pattern(a[2]), a[3].Value)
                : null!,
            _ => Arity(name, args, 3) is var a
                ? new OttlMergeMaps(MapPath(a[0]), a[1].Value, Literal(a[2]) switch
                {
                    "insert" => MergeStrategy.Insert,
                    "update" => MergeStrategy.Update,
                    "upsert" => MergeStrategy.Upsert,
                    _ => throw Error(a[2].Token, "the strategy of merge_maps must be \"insert\", \"update\" or \"upsert\""),
                })
                : null!,
        };
    }

    private readonly record struct Argument(OttlExpression Value, OttlToken Token);

    private List<Argument> ParseArguments(OttlToken function)
    {
        Expect(OttlTokenKind.LeftParen, $"expected ( after {function.Text}");
        var args = new List<Argument>();
        if (Current.Kind != OttlTokenKind.RightParen)
        {
            while (true)
            {
                var start = Current;
                args.Add(new Argument(ParseValue(), start));
                if (Current.Kind == OttlTokenKind.Comma)
                {
                    _position++;
                    continue;
                }
                break;
            }
        }
        Expect(OttlTokenKind.RightParen, $"expected , or ) in the arguments of {function.Text}");
        return args;
    }

    private List<Argument> Arity(OttlToken function, List<Argument> args, int count)
    {
        if (args.Count != count)
        {
            throw Error(function, $"{function.Text} takes {count} argument{(count == 1 ? "" : "s")}, not {args.Count}");
        }
        return args;
    }

    private OttlExpression ParseValue()
    {
        var token = Current;
        switch (token.Kind)
        {
            case OttlTokenKind.String:
                _position++;
                return new OttlLiteral(token.Text);
            case OttlTokenKind.Int:
                _position++;
                return new OttlLiteral(long.Parse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            case OttlTokenKind.Float:
                _position++;
                return new OttlLiteral(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case OttlTokenKind.LeftBracket:
                _position++;
                var items = new List<OttlExpression>();
                if (Current.Kind != OttlTokenKind.RightBracket)
                {
                    items.Add(ParseValue());
                    while (Current.Kind == OttlTokenKind.Comma)
                    {
                        _position++;
                        items.Add(ParseValue());
                    }
                }
                Expect(OttlTokenKind.RightBracket, "expected , or ] in the list");
                return new OttlList(items);
            case OttlTokenKind.Identifier:
                switch (token.Text)
                {
                    case "nil":
                        _position++;
                        return new OttlLiteral(null);
                    case "true" or "false":
                        _position++;
                        return new OttlLiteral(OttlValues.Box(token.Text == "true"));
                }
                if (_tokens[_position + 1].Kind == OttlTokenKind.LeftParen)
                {
                    return ParseConverter();
                }
                return ParsePath();
            default:
                throw Error(token, token.Kind == OttlTokenKind.End ? "the statement ends where a value is expected" : $"expected a value, not \"{token.Text}\"");
        }
    }

    private OttlExpression ParseConverter()
    {
        var name = Current;
        if (!Converters.Contains(name.Text))
        {
            throw Error(name, Editors.Contains(name.Text)
                ? $"{name.Text} is an editor and gives no value"
                : $"the converter \"{name.Text}\" is not supported (supported: {string.Join(", ", Converters)})");
        }
        _position++;
        var args = ParseArguments(name);
        if (Current.Kind == OttlTokenKind.LeftBracket)
        {
            throw Error(Current, "indexing the result of a converter is not supported");
        }
        return name.Text switch
        {
            "ParseJSON" => new OttlParseJson(Arity(name, args, 1)[0].Value),
            "Concat" => Arity(name, args, 2) is var a ? new OttlConcat(a[0].Value, a[1].Value) : null!,
            "IsMatch" => Arity(name, args, 2) is var a ? new OttlIsMatch(a[0].Value, Pattern(a[1])) : null!,
            "IsString" => new OttlIsString(Arity(name, args, 1)[0].Value),
            _ => new OttlLen(Arity(name, args, 1)[0].Value),
        };
    }

    private OttlPath ParsePath()
    {
        var start = Current;
        var segments = new List<string> { start.Text };
        _position++;
        while (Current.Kind == OttlTokenKind.Dot)
        {
            _position++;
            if (Current.Kind != OttlTokenKind.Identifier)
            {
                throw Error(Current, "expected a name after .");
            }
            segments.Add(Current.Text);
            _position++;
        }
        string? key = null;
        if (Current.Kind == OttlTokenKind.LeftBracket)
        {
            _position++;
            if (Current.Kind != OttlTokenKind.String)
            {
                throw Error(Current, "map keys must be string literals");
            }
            key = Current.Text;
            _position++;
            Expect(OttlTokenKind.RightBracket, "expected ] after the key");
            if (Current.Kind == OttlTokenKind.LeftBracket)
            {
                throw Error(Current, "nested keys are not supported: attributes hold strings");
            }
        }
        var text = string.Join('.', segments);
        if (ResolvePath(text) is not { } target)
        {
            // As upstream: with the context inferred, a path without its context's name is ambiguous.
            throw Error(start, _prefixed && ResolveBarePath(text) is not null
                ? $"the path \"{text}\" needs its context prefix in a group without context (supported: {SupportedPaths})"
                : $"the path \"{text}\" is not supported in the {ContextName} context (supported: {SupportedPaths})");
        }
        if (key is not null && target is OttlPathTarget.MetricName or OttlPathTarget.MetricDescription)
        {
            throw Error(start, $"{text} is not a map");
        }
        return new OttlPath(target, key, key is null ? text : $"{text}[\"{key}\"]");
    }

    private OttlPathTarget? ResolvePath(string path) => ResolvePrefixedPath(path) ?? (_prefixed ? null : ResolveBarePath(path));

    // Paths that name their context: the resource from every context, the metric from its points.
    private OttlPathTarget? ResolvePrefixedPath(string path) => (_context, path) switch
    {
        (_, "resource.attributes") => OttlPathTarget.ResourceAttributes,
        (OttlContext.DataPoint, "datapoint.attributes") => OttlPathTarget.PointAttributes,
        (OttlContext.DataPoint or OttlContext.Metric, "metric.name") => OttlPathTarget.MetricName,
        (OttlContext.DataPoint or OttlContext.Metric, "metric.description") => OttlPathTarget.MetricDescription,
        (OttlContext.Resource, "resource.cache") or (OttlContext.Metric, "metric.cache") or (OttlContext.DataPoint, "datapoint.cache") => OttlPathTarget.Cache,
        _ => null,
    };

    // Paths of the group's own context without its name, for groups that set context.
    private OttlPathTarget? ResolveBarePath(string path) => (_context, path) switch
    {
        (OttlContext.Resource, "attributes") => OttlPathTarget.ResourceAttributes,
        (OttlContext.DataPoint, "attributes") => OttlPathTarget.PointAttributes,
        (OttlContext.Metric, "name") => OttlPathTarget.MetricName,
        (OttlContext.Metric, "description") => OttlPathTarget.MetricDescription,
        (_, "cache") => OttlPathTarget.Cache,
        _ => null,
    };

    private string ContextName => _context switch
    {
        OttlContext.Resource => "resource",
        OttlContext.Metric => "metric",
        _ => "datapoint",
    };

    private string SupportedPaths => (_context, _prefixed) switch
    {
        (OttlContext.Resource, true) => "resource.attributes, resource.cache",
        (OttlContext.Resource, false) => "attributes, resource.attributes, cache, resource.cache",
        (OttlContext.Metric, true) => "metric.name, metric.description, resource.attributes, metric.cache",
        (OttlContext.Metric, false) => "name, description, metric.name, metric.description, resource.attributes, cache, metric.cache",
        (_, true) => "datapoint.attributes, resource.attributes, metric.name, metric.description, datapoint.cache",
        _ => "attributes, datapoint.attributes, resource.attributes, metric.name, metric.description, cache, datapoint.cache",
    };

    private OttlCondition ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword("or"))
        {
            _position++;
            left = new OttlOr(left, ParseAnd());
        }
        return left;
    }

    private OttlCondition ParseAnd()
    {
        var left = ParseNot();
        while (IsKeyword("and"))
        {
            _position++;
            left = new OttlAnd(left, ParseNot());
        }
        return left;
    }

    private OttlCondition ParseNot()
    {
        if (IsKeyword("not"))
        {
            _position++;
            return new OttlNot(ParseNot());
        }
        if (Current.Kind == OttlTokenKind.LeftParen)
        {
            _position++;
            var inner = ParseOr();
            Expect(OttlTokenKind.RightParen, "expected ) to close the condition");
            return inner;
        }
        var start = Current;
        var left = ParseValue();
        if (Current.Kind is OttlTokenKind.Equal or OttlTokenKind.NotEqual or OttlTokenKind.Less
            or OttlTokenKind.LessOrEqual or OttlTokenKind.Greater or OttlTokenKind.GreaterOrEqual)
        {
            var comparison = Current.Kind;
            _position++;
            return new OttlCompare(comparison, left, ParseValue());
        }
        if (left is OttlIsMatch or OttlIsString || left is OttlLiteral { Value: bool })
        {
            return new OttlBoolean(left);
        }
        throw Error(start, "expected a condition: a comparison (==, !=, <, <=, >, >=), IsMatch, IsString, true or false");
    }

    private OttlPath Path(Argument argument) =>
        argument.Value as OttlPath ?? throw Error(argument.Token, "expected a path such as attributes[\"key\"]");

    private OttlPath MapPath(Argument argument)
    {
        var path = Path(argument);
        return path.IsMap ? path : throw Error(argument.Token, $"expected a map such as attributes, not {path.Text}");
    }

    private string Literal(Argument argument) =>
        (argument.Value as OttlLiteral)?.Value as string ?? throw Error(argument.Token, "expected a string literal");

    private Regex Pattern(Argument argument)
    {
        var pattern = Literal(argument);
        try
        {
            return OttlRegex.Compile(pattern);
        }
        catch (ArgumentException e)
        {
            throw Error(argument.Token, $"\"{pattern}\" is not a valid regular expression: {e.Message}");
        }
    }

    private HashSet<string> StringList(Argument argument)
    {
        if (argument.Value is not OttlList list)
        {
            throw Error(argument.Token, "expected a list of string literals such as [\"a\", \"b\"]");
        }
        return list.Items.Select(i => (i as OttlLiteral)?.Value as string
            ?? throw Error(argument.Token, "expected a list of string literals such as [\"a\", \"b\"]")).ToHashSet(StringComparer.Ordinal);
    }

    private bool IsKeyword(string word) => Current.Kind == OttlTokenKind.Identifier && Current.Text == word;

    private void Expect(OttlTokenKind kind, string reason)
    {
        if (Current.Kind != kind)
        {
            throw Error(Current, reason);
        }
        _position++;
    }

    private OttlSyntaxException Error(OttlToken token, string reason) => new(_text, token.Offset + 1, reason);
}
