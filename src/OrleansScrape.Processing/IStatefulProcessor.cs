namespace OrleansScrape.Processing;

/// <summary>
/// A processor whose per-series state can be saved and restored, so that a series grain that
/// moves to another silo (or restarts) continues its deltas and start times where they were.
/// </summary>
public interface IStatefulProcessor : IMetricsProcessor
{
    /// <summary>A compact binary image of the processor's state.</summary>
    byte[] SaveState();

    /// <summary>Replaces the processor's state with one saved by <see cref="SaveState"/>.</summary>
    /// <exception cref="InvalidDataException">The image is not one this version wrote.</exception>
    void RestoreState(ReadOnlySpan<byte> state);
}
