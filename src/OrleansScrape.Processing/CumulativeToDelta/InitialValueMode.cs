namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary>What to do with the first point of a series (the processor's <c>initial_value</c>).</summary>
public enum InitialValueMode
{
    /// <summary>Emit the first point only if its start time shows the series began after the processor did.</summary>
    Auto,
    /// <summary>Emit the first point's cumulative value as its delta.</summary>
    Keep,
    /// <summary>Never emit the first point; it only becomes the baseline.</summary>
    Drop,
}
