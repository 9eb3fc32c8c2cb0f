namespace OrleansScrape.Prometheus.Exposition;

/// <summary>What <see cref="IExpositionParser.Next"/> found on the next line.</summary>
public enum ExpositionEntry : byte
{
    /// <summary>A sample line: metric name, optional labels, value, optional timestamp (and in OpenMetrics an optional exemplar).</summary>
    Series,
    /// <summary>A <c># HELP name text</c> line.</summary>
    Help,
    /// <summary>A <c># TYPE name type</c> line.</summary>
    Type,
    /// <summary>Any other line starting with <c>#</c> (text 0.0.4 only; OpenMetrics rejects them).</summary>
    Comment,
    /// <summary>The body is exhausted; every further call returns this again.</summary>
    EndOfInput,
    /// <summary>A <c># UNIT name unit</c> line (OpenMetrics only).</summary>
    Unit,
    /// <summary>The closing <c># EOF</c> line of an OpenMetrics body; <see cref="EndOfInput"/> follows.</summary>
    EndOfFile,
}
