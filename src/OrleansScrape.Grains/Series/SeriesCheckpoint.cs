namespace OrleansScrape.Grains.Series;

/// <summary>
/// The saved state of a series grain: each stateful processor's image, by processor name, as it
/// was after the last batch whose output was delivered.
/// </summary>
[GenerateSerializer]
public sealed class SeriesCheckpoint
{
    [Id(0)] public string[] Processors { get; set; } = [];
    [Id(1)] public byte[][] States { get; set; } = [];
}
