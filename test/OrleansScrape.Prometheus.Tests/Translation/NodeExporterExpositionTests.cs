using System.Text;
using OrleansScrape.Otlp.Model;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

public sealed class NodeExporterExpositionTests
{
    private static KeyValuePair<string, string> Label(string name, string value) => new(name, value);

    [Fact]
    public void NodeExporterExposition_HasTheSampleLinesItDeclares()
    {
        var lines = NodeExporterExposition.Body.Split('\n')
            .Count(line => line.Length > 0 && !line.StartsWith('#'));

        Assert.Equal(NodeExporterExposition.SampleLines, lines);
    }

    [Fact]
    public void NodeExporterExposition_EveryCounterAndGaugeSample_IsAccountedFor()
    {
        var (batch, stats) = Translate(NodeExporterExposition.Body);

        var skipped = NodeExporterExposition.SummarySampleLines + NodeExporterExposition.HistogramSampleLines;
        Assert.Equal(NodeExporterExposition.SampleLines, stats.SamplesScraped);
        Assert.Equal(skipped, stats.SkippedSamples);
        Assert.Equal(NodeExporterExposition.SampleLines - skipped, stats.PointsAdded);
        Assert.Equal(stats.PointsAdded, batch.PointCount);

        Assert.Equal(
            [
                ("go_goroutines", MetricType.Gauge, 1),
                ("node_boot_time_seconds", MetricType.Gauge, 1),
                ("node_cpu_seconds_total", MetricType.Sum, 8),
                ("node_filesystem_avail_bytes", MetricType.Gauge, 3),
                ("node_load1", MetricType.Gauge, 1),
                ("node_memory_MemAvailable_bytes", MetricType.Gauge, 1),
                ("node_network_receive_bytes_total", MetricType.Sum, 3),
                ("node_scrape_collector_duration_seconds", MetricType.Gauge, 3),
                ("node_scrape_collector_success", MetricType.Gauge, 3),
                ("node_exporter_build_info", MetricType.Gauge, 1),
                ("node_textfile_scrape_error", MetricType.Gauge, 1),
                ("promhttp_metric_handler_errors_total", MetricType.Sum, 2),
                ("promhttp_metric_handler_requests_total", MetricType.Sum, 3),
                ("custom_backup_last_success_timestamp", MetricType.Gauge, 2),
            ],
            batch.Metrics.Select(m => (m.Name, m.Type, m.PointCount)));
    }

    [Fact]
    public void NodeExporterExposition_ValuesAndAttributes_AreTranslated()
    {
        var (batch, _) = Translate(NodeExporterExposition.Body);

        var cpu = batch.PointsOf(batch.Metric("node_cpu_seconds_total")).ToArray();
        Assert.Equal(2.48823106e+06, cpu[0].Value);
        Assert.Equal([Label("cpu", "0"), Label("mode", "idle")], batch.LabelsOf(cpu[0]));
        Assert.All(batch.Metrics.Where(m => m.Type == MetricType.Sum), m => Assert.True(m.IsMonotonic));
        Assert.Equal("Seconds the CPUs spent in each mode.", batch.Metric("node_cpu_seconds_total").Description);

        var backup = batch.PointsOf(batch.Metric("custom_backup_last_success_timestamp")).ToArray();
        Assert.All(backup, p => Assert.Equal([Label("target", "pg")], batch.LabelsOf(p)));
        Assert.Equal(string.Empty, batch.Metric("custom_backup_last_success_timestamp").Description);
    }

    [Fact]
    public void NodeExporterExposition_EveryPoint_HasTheScrapeTime()
    {
        var (batch, _) = Translate(NodeExporterExposition.Body);

        Assert.All(batch.Points, p => Assert.Equal(ScrapeTime, p.TimeUnixNano));
    }

    [Fact]
    public void NodeExporterExposition_ParsesWithoutTrailingNewline()
    {
        var (_, stats) = Translate(NodeExporterExposition.Body.TrimEnd('\n'));

        Assert.Equal(NodeExporterExposition.SampleLines, stats.SamplesScraped);
        Assert.True(Encoding.UTF8.GetByteCount(NodeExporterExposition.Body) > 4000);
    }
}
