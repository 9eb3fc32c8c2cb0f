namespace OrleansScrape.Otlp.Model;

public readonly record struct InstrumentationScope(string Name, string Version);
