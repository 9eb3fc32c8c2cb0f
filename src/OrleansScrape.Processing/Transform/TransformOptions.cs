using OrleansScrape.Configuration;
namespace OrleansScrape.Processing.Transform;

/// <summary>What a statement that fails on the data does (<c>error_mode</c>).</summary>
public enum TransformErrorMode
{
    /// <summary>The batch is refused with the error (the Collector's default).</summary>
    Propagate,
    /// <summary>The statement is skipped, the error counted and remembered, the next statement runs.</summary>
    Ignore,
    /// <summary>As ignore, without remembering the error.</summary>
    Silent,
}

/// <summary>
/// One entry of <c>metric_statements</c>: statements of one context, or (context null) statements
/// that run in one context inferred from their path prefixes: a group without <c>context</c>, or
/// the statements of the flat form.
/// </summary>
public sealed record TransformStatementGroup(OttlContext? Context, IReadOnlyList<string> Statements);

/// <summary>A statement of a group that is refused: its index in the group and why.</summary>
public sealed record TransformStatementProblem(int Statement, OttlSyntaxException Problem);

/// <summary>Settings of the <c>transform</c> processor: its <c>metric_statements</c> and <c>error_mode</c>.</summary>
public sealed record TransformOptions : IValidatedOptions
{
    public TransformErrorMode ErrorMode { get; init; } = TransformErrorMode.Propagate;

    public IReadOnlyList<TransformStatementGroup> MetricStatements { get; init; } = [];

    /// <summary>Parses one statement alone in a group; returns why it is refused, or null when it is in the supported subset.</summary>
    public static OttlSyntaxException? Check(string statement, OttlContext? context) =>
        Check(new TransformStatementGroup(context, [statement]))?.Problem;

    /// <summary>Parses a group (inferring its context when it has none); returns its first refused statement, or null.</summary>
    public static TransformStatementProblem? Check(TransformStatementGroup group) => OttlGroupParser.TryParse(group, out _, out _);

    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < MetricStatements.Count; i++)
        {
            if (Check(MetricStatements[i]) is { } problem)
            {
                problems.Add(new("metric_statements", $"metric_statements[{i}].statements[{problem.Statement}]: {problem.Problem.Message}"));
            }
        }
        return problems;
    }
}
