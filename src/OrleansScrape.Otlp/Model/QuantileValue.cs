namespace OrleansScrape.Otlp.Model;

public readonly record struct QuantileValue(double Quantile, double Value);
