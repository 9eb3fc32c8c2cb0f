using System.Diagnostics.Metrics;
using OrleansScrape.Otlp.Exporters;
using OrleansScrape.Otlp.Exporters.Helper;
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
    public async Task Senders_count_sent_failed_and_refused_points_per_exporter_under_collector_names()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var recorded = new Dictionary<(string Instrument, string Exporter), long>();
        using var listener = Listen(ExporterTelemetry.SentMetricPointsName, ExporterTelemetry.SendFailedMetricPointsName, ExporterTelemetry.EnqueueFailedMetricPointsName);
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
        var good = new ExporterSender(new RecordingExporter("good-" + suffix), SenderOptions.Fast());
        var bad = new ExporterSender(new RecordingExporter("bad-" + suffix, (_, _) => Task.FromException(new ExportFailedException("no", isRetryable: false))), SenderOptions.Fast(queueSize: 1));

        await good.EnqueueAsync([TestBatches.Gauge("a", 9)], CancellationToken.None);
        await bad.EnqueueAsync([TestBatches.Gauge("a", 9)], CancellationToken.None);
        await Assert.ThrowsAsync<SendingQueueFullException>(async () => await bad.EnqueueAsync([TestBatches.Gauge("b", 4)], CancellationToken.None));
        await good.StopAsync(CancellationToken.None);
        await bad.StopAsync(CancellationToken.None);

        lock (recorded)
        {
            Assert.Equal(9, recorded[(ExporterTelemetry.SentMetricPointsName, good.Name)]);
            Assert.Equal(9, recorded[(ExporterTelemetry.SendFailedMetricPointsName, bad.Name)]);
            Assert.Equal(4, recorded[(ExporterTelemetry.EnqueueFailedMetricPointsName, bad.Name)]);
            Assert.False(recorded.ContainsKey((ExporterTelemetry.SentMetricPointsName, bad.Name)));
        }
    }

    [Fact]
    public async Task Queue_gauges_report_a_live_sender_by_exporter()
    {
        var name = "gauged-" + Guid.NewGuid().ToString("N");
        var observed = new Dictionary<string, long>();
        using var listener = Listen(ExporterTelemetry.QueueSizeName, ExporterTelemetry.QueueCapacityName);
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ExporterTelemetry.ExporterTag && (string?)tag.Value == name)
                {
                    observed[instrument.Name] = value;
                }
            }
        });
        listener.Start();
        var sender = new ExporterSender(new RecordingExporter(name), SenderOptions.Fast(queueSize: 70).WithQueue(q => q with { Sizer = QueueSizer.Items }));
        await sender.EnqueueAsync([TestBatches.Gauge("a", 5)], CancellationToken.None);
        await sender.EnqueueAsync([TestBatches.Gauge("b", 6)], CancellationToken.None);

        listener.RecordObservableInstruments();
        Assert.Equal(11, observed[ExporterTelemetry.QueueSizeName]);
        Assert.Equal(70, observed[ExporterTelemetry.QueueCapacityName]);

        await sender.StopAsync(CancellationToken.None);
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
