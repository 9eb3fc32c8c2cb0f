namespace OrleansScrape.Otlp.Model;

/// <summary>
/// A string-valued OTLP attribute. Prometheus labels are strings, so every attribute this
/// product produces from a scrape is one.
/// </summary>
public readonly record struct Attribute(string Key, string Value);
