namespace OrleansScrape.Processing.Transform;

/// <summary>A statement outside the supported OTTL subset, with the 1-based column of the problem.</summary>
public sealed class OttlSyntaxException : Exception
{
    public OttlSyntaxException(string statement, int column, string reason)
        : base($"statement \"{statement}\" at column {column}: {reason}")
    {
        Statement = statement;
        Column = column;
        Reason = reason;
    }

    public string Statement { get; }
    public int Column { get; }
    public string Reason { get; }
}

/// <summary>A statement failed on the data (for example ParseJSON of text that is not JSON).</summary>
public sealed class OttlRuntimeException(string message) : Exception(message);
