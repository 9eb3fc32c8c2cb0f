namespace OrleansScrape.Otlp.Exporters.Debug;

/// <summary>The debug exporter's <c>verbosity</c>.</summary>
public enum DebugVerbosity
{
    /// <summary><c>basic</c>: one summary line per export.</summary>
    Basic,

    /// <summary><c>normal</c>: the summary line, then one line per metric (name, type, points).</summary>
    Normal,

    /// <summary><c>detailed</c>: as <see cref="Normal"/>; point values are not printed (see the README).</summary>
    Detailed,
}
