namespace OrleansScrape.Configuration;

/// <summary>A configuration problem, located by file, line and column so a user can fix it.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string file, int line, int column, string reason)
        : base(line > 0 ? $"{file}:{line}:{column}: {reason}" : $"{file}: {reason}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = reason;
    }

    public string File { get; }
    public int Line { get; }
    public int Column { get; }
    public string Reason { get; }
}
