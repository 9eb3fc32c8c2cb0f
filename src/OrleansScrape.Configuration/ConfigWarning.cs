namespace OrleansScrape.Configuration;

/// <summary>A configuration warning, located as <see cref="ConfigException"/> locates errors.</summary>
public sealed record ConfigWarning(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
