using System.Diagnostics.Metrics;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Pipeline;
using OrleansScrape.Otlp.Telemetry;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Telemetry;

public class ExporterTelemetryTests
{
    [Fact]
    public void Meter_is_named_orleans_scrape()
    {
        Assert.Equal("OrleansScrape", OrleansScrapeMeter.MeterName);
        Assert.Equal(OrleansScrapeMeter.MeterName, OrleansScrapeMeter.Meter.Name);
    }

    [Fact]
    public async Task Pipeline_counts_sent_and_failed_points_per_exporter_under_collector_names()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var good = new RecordingExporter("good-" + suffix);
        var bad = new RecordingExporter("bad-" + suffix, (_, _) => Task.FromException(new ExportFailedException("no", isRetryable: false)));
        var recorded = new Dictionary<(string Instrument, string Exporter), long>();
        using var listener = Listen(ExporterTelemetry.SentMetricPointsName, ExporterTelemetry.SendFailedMetricPointsName);
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ExporterTelemetry.ExporterTag && tag.Value is string exporter && exporter.EndsWith(suffix, StringComparison.Ordinal))
                {
                    lock (recorded)
                    {
                        recorded[(instrument.Name, exporter)] = recorded.GetValueOrDefault((instrument.Name, exporter)) + value;
                    }
                }
            }
        });
        listener.Start();
        var pipeline = new ExportPipeline([good, bad], new ExportPipelineOptions { FlushInterval = TimeSpan.FromMilliseconds(20) });

        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 9), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        lock (recorded)
        {
            Assert.Equal(9, recorded[(ExporterTelemetry.SentMetricPointsName, good.Name)]);
            Assert.Equal(9, recorded[(ExporterTelemetry.SendFailedMetricPointsName, bad.Name)]);
            Assert.False(recorded.ContainsKey((ExporterTelemetry.SentMetricPointsName, bad.Name)));
        }
    }

    [Fact]
    public async Task Queue_gauges_report_a_live_pipeline_by_name()
    {
        var name = "gauged-" + Guid.NewGuid().ToString("N");
        var observed = new Dictionary<string, long>();
        using var listener = Listen(ExporterTelemetry.QueueSizeName, ExporterTelemetry.QueueCapacityName);
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ExporterTelemetry.PipelineTag && (string?)tag.Value == name)
                {
                    observed[instrument.Name] = value;
                }
            }
        });
        listener.Start();
        var pipeline = new ExportPipeline([new RecordingExporter("r")], new ExportPipelineOptions { Name = name, QueueCapacity = 7 });
        await pipeline.EnqueueAsync(TestBatches.Gauge("a", 1), CancellationToken.None);
        await pipeline.EnqueueAsync(TestBatches.Gauge("b", 1), CancellationToken.None);

        listener.RecordObservableInstruments();
        Assert.Equal(2, observed[ExporterTelemetry.QueueSizeName]);
        Assert.Equal(7, observed[ExporterTelemetry.QueueCapacityName]);

        await pipeline.StopAsync(CancellationToken.None);
        observed.Clear();
        listener.RecordObservableInstruments();
        Assert.Empty(observed);
    }

    private static MeterListener Listen(params string[] instruments)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == OrleansScrapeMeter.Meter && instruments.Contains(instrument.Name))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        return listener;
    }
}
