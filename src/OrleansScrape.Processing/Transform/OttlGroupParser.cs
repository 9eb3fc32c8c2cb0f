namespace OrleansScrape.Processing.Transform;

/// <summary>
/// Parses one entry of <c>metric_statements</c>. A group without <c>context</c> runs all its
/// statements in one context inferred as upstream does: the most specific context any of its
/// paths names (datapoint over metric over resource), every path then naming its context.
/// </summary>
internal static class OttlGroupParser
{
    /// <summary>Parses the group; returns the first refused statement and why, or null with the context and statements.</summary>
    public static TransformStatementProblem? TryParse(TransformStatementGroup group, out OttlContext context, out OttlStatement[] statements)
    {
        statements = [];
        var texts = group.Statements;
        context = OttlContext.Resource;
        if (group.Context is { } given)
        {
            context = given;
        }
        else if (texts.Count > 0)
        {
            OttlContext? inferred = null;
            for (var i = 0; i < texts.Count; i++)
            {
                try
                {
                    if (OttlParser.PrefixContext(texts[i]) is { } named && (inferred is null || named > inferred))
                    {
                        inferred = named;
                    }
                }
                catch (OttlSyntaxException e)
                {
                    return new TransformStatementProblem(i, e);
                }
            }
            if (inferred is null)
            {
                return new TransformStatementProblem(0, new OttlSyntaxException(texts[0], 1,
                    "cannot tell the context of the statements: qualify their paths (resource.attributes, metric.name, datapoint.attributes) or set the group's context"));
            }
            context = inferred.Value;
        }
        var parsed = new OttlStatement[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            try
            {
                parsed[i] = OttlParser.Parse(texts[i], context, prefixed: group.Context is null);
            }
            catch (OttlSyntaxException e)
            {
                return new TransformStatementProblem(i, e);
            }
        }
        statements = parsed;
        return null;
    }
}
