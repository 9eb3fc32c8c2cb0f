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
/// One entry of <c>metric_statements</c>: statements of one context, or (context null) one
/// statement of the flat form whose context comes from its path prefixes.
/// </summary>
public sealed record TransformStatementGroup(OttlContext? Context, IReadOnlyList<string> Statements);

/// <summary>Settings of the <c>transform</c> processor: its <c>metric_statements</c> and <c>error_mode</c>.</summary>
public sealed record TransformOptions
{
    public TransformErrorMode ErrorMode { get; init; } = TransformErrorMode.Propagate;

    public IReadOnlyList<TransformStatementGroup> MetricStatements { get; init; } = [];

    /// <summary>Parses one statement; returns why it is refused, or null when it is in the supported subset.</summary>
    public static OttlSyntaxException? Check(string statement, OttlContext? context)
    {
        try
        {
            OttlParser.Parse(statement, context ?? OttlParser.InferContext(statement));
            return null;
        }
        catch (OttlSyntaxException e)
        {
            return e;
        }
    }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        for (var i = 0; i < MetricStatements.Count; i++)
        {
            foreach (var statement in MetricStatements[i].Statements)
            {
                if (Check(statement, MetricStatements[i].Context) is { } problem)
                {
                    problems.Add($"metric_statements[{i}]: {problem.Message}");
                }
            }
        }
        return problems;
    }
}
