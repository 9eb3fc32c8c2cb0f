namespace OrleansScrape.Grains.Tests;

/// <summary>The settings of <see cref="ExampleSdKind"/>: the namespaces whose objects it finds.</summary>
public sealed record ExampleSdConfig(IReadOnlyList<string> Namespaces);
