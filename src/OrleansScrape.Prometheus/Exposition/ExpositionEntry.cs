namespace OrleansScrape.Prometheus.Exposition;

/// <summary>What <see cref="TextFormatParser.Next"/> found on the next non-empty line.</summary>
public enum ExpositionEntry : byte
{
    /// <summary>A sample line: metric name, optional labels, value, optional timestamp.</summary>
    Series,
    /// <summary>A <c># HELP name text</c> line.</summary>
    Help,
    /// <summary>A <c># TYPE name type</c> line.</summary>
    Type,
    /// <summary>Any other line starting with <c>#</c>.</summary>
    Comment,
    /// <summary>The body is exhausted; every further call returns this again.</summary>
    EndOfInput,
}
