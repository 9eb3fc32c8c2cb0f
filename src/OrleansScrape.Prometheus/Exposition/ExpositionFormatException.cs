namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// The scraped body is not valid text exposition format. The message names the line so the
/// owner of the target can find the offending output.
/// </summary>
public sealed class ExpositionFormatException : FormatException
{
    public ExpositionFormatException(int lineNumber, string reason)
        : base($"line {lineNumber}: {reason}")
    {
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>1-based line of the body where the problem is.</summary>
    public int LineNumber { get; }

    /// <summary>The problem, without the line prefix.</summary>
    public string Reason { get; }
}
