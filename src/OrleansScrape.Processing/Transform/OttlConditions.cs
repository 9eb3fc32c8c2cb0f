namespace OrleansScrape.Processing.Transform;

/// <summary>A <c>where</c> condition.</summary>
internal abstract class OttlCondition
{
    public abstract bool Test(OttlScope scope);
}

internal sealed class OttlAnd(OttlCondition left, OttlCondition right) : OttlCondition
{
    public override bool Test(OttlScope scope) => left.Test(scope) && right.Test(scope);
}

internal sealed class OttlOr(OttlCondition left, OttlCondition right) : OttlCondition
{
    public override bool Test(OttlScope scope) => left.Test(scope) || right.Test(scope);
}

internal sealed class OttlNot(OttlCondition inner) : OttlCondition
{
    public override bool Test(OttlScope scope) => !inner.Test(scope);
}

/// <summary>A comparison; values that cannot be ordered compare false, as upstream.</summary>
internal sealed class OttlCompare(OttlTokenKind op, OttlExpression left, OttlExpression right) : OttlCondition
{
    public override bool Test(OttlScope scope)
    {
        var a = left.Evaluate(scope);
        var b = right.Evaluate(scope);
        return op switch
        {
            OttlTokenKind.Equal => OttlValues.Equals(a, b),
            OttlTokenKind.NotEqual => !OttlValues.Equals(a, b),
            _ => OttlValues.Compare(a, b) is { } order && op switch
            {
                OttlTokenKind.Less => order < 0,
                OttlTokenKind.LessOrEqual => order <= 0,
                OttlTokenKind.Greater => order > 0,
                _ => order >= 0,
            },
        };
    }
}

/// <summary>A boolean literal or a converter that returns a boolean.</summary>
internal sealed class OttlBoolean(OttlExpression value) : OttlCondition
{
    public override bool Test(OttlScope scope) => value.Evaluate(scope) switch
    {
        bool b => b,
        var other => throw new OttlRuntimeException($"the condition is a {OttlValues.TypeName(other)}, not a bool"),
    };
}
