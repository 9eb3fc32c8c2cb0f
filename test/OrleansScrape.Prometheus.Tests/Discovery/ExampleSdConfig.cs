namespace OrleansScrape.Prometheus.Tests.Discovery;

/// <summary>The settings of <see cref="ExampleSdKind"/>: the address of its one target.</summary>
public sealed record ExampleSdConfig(string Server);
