namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// A target-group document (a file_sd file or an http_sd response) that is not well-formed.
/// Carries the position when the format knows it, so the discoverer can name file, line and column.
/// </summary>
public sealed class TargetGroupFormatException : Exception
{
    public TargetGroupFormatException(string reason, int line = 0, int column = 0)
        : base(line > 0 ? $"{line}:{column}: {reason}" : reason)
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    public string Reason { get; }
    /// <summary>1-based line of the problem, or 0 when unknown.</summary>
    public int Line { get; }
    public int Column { get; }

    /// <summary>The message prefixed with where the document came from, as <c>source:line:column: reason</c>.</summary>
    public string Describe(string origin) => Line > 0 ? $"{origin}:{Line}:{Column}: {Reason}" : $"{origin}: {Reason}";
}
