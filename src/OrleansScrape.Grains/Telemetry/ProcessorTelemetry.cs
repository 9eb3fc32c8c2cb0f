using System.Diagnostics.Metrics;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Grains.Telemetry;

/// <summary>Per-processor item counts, named as the Collector names them.</summary>
internal static class ProcessorTelemetry
{
    private static readonly Counter<long> Incoming = OrleansScrapeMeter.Meter.CreateCounter<long>(
        "otelcol_processor_incoming_items", "{items}", "Number of items passed to the processor.");

    private static readonly Counter<long> Outgoing = OrleansScrapeMeter.Meter.CreateCounter<long>(
        "otelcol_processor_outgoing_items", "{items}", "Number of items emitted from the processor.");

    public static void Record(string processor, int incoming, int outgoing)
    {
        var tags = new KeyValuePair<string, object?>[] { new("processor", processor), new("otel.signal", "metrics") };
        Incoming.Add(incoming, tags);
        Outgoing.Add(outgoing, tags);
    }
}
