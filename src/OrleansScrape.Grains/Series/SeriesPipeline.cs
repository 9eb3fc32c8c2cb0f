using OrleansScrape.Otlp.Pipeline;

namespace OrleansScrape.Grains.Series;

/// <summary>One configured pipeline as series grains run it: its processor chain, then its delivery to its exporters.</summary>
public sealed record SeriesPipeline(string Name, ProcessorChainFactory Processors, IBatchDelivery Delivery);
