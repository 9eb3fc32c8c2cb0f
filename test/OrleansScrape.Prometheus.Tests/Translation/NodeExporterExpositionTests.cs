using System.Text;
using OrleansScrape.Otlp.Model;
using static OrleansScrape.Prometheus.Tests.Translation.TranslationRun;

namespace OrleansScrape.Prometheus.Tests.Translation;

public sealed class NodeExporterExpositionTests
{
    [Fact]
    public void NodeExporterExposition_HasTheSampleLinesItDeclares()
    {
        var lines = NodeExporterExposition.Body.Split('\n')
            .Count(line => line.Length > 0 && !line.StartsWith('#'));

        Assert.Equal(NodeExporterExposition.SampleLines, lines);
    }

    [Fact]
    public void NodeExporterExposition_EverySample_IsAccountedFor()
    {
        var (batch, stats) = Translate(NodeExporterExposition.Body);

        // The summary's and the histogram's samples each make one point.
        var points = NodeExporterExposition.SampleLines
            - NodeExporterExposition.SummarySampleLines - NodeExporterExposition.HistogramSampleLines + 2;
        Assert.Equal(NodeExporterExposition.SampleLines, stats.SamplesScraped);
        Assert.Equal(NodeExporterExposition.SampleLines, stats.SamplesPostRelabeling);
        Assert.Equal(0, stats.SkippedSamples);
        Assert.Equal(points, stats.PointsAdded);
        Assert.Equal(stats.PointsAdded, batch.PointCount);

        Assert.Equal(
            [
                ("go_gc_duration_seconds", MetricType.Summary, 1),
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
                ("node_disk_io_duration_seconds", MetricType.Histogram, 1),
                ("custom_backup_last_success_timestamp", MetricType.Gauge, 2),
            ],
            batch.Metrics.Select(m => (m.Name, m.Type, m.PointCount)));
    }

    [Fact]
    public void NodeExporterExposition_ValuesAndAttributes_AreTranslated()
    {
        var (batch, _) = Translate(NodeExporterExposition.Body);

        var cpu = batch.PointsNamed("node_cpu_seconds_total");
        Assert.Equal(2.48823106e+06, cpu[0].Value);
        Assert.Equal([Label("cpu", "0"), Label("mode", "idle")], batch.LabelsOf(cpu[0]));
        Assert.All(batch.Metrics.Where(m => m.Type == MetricType.Sum), m => Assert.True(m.IsMonotonic));
        Assert.Equal("Seconds the CPUs spent in each mode.", batch.Metric("node_cpu_seconds_total").Description);

        // The textfile series carries job and instance labels of its own: the target's win and these are kept as exported_*.
        var backup = batch.PointsNamed("custom_backup_last_success_timestamp");
        Assert.Equal([Label("exported_instance", "db-1"), Label("exported_job", "backup"), Label("target", "pg")], batch.LabelsOf(backup[0]));
        Assert.Equal(string.Empty, batch.Metric("custom_backup_last_success_timestamp").Description);

        var disk = batch.SingleHistogramPoint("node_disk_io_duration_seconds");
        Assert.Equal(2010UL, disk.Count);
        Assert.Equal([1204UL, 727, 71, 8], batch.BucketCountsOf(disk).ToArray());
        var gc = batch.SingleSummaryPoint("go_gc_duration_seconds");
        Assert.Equal(927UL, gc.Count);
        Assert.Equal(5, gc.QuantileCount);
    }

    [Fact]
    public void NodeExporterExposition_EveryPoint_HasTheScrapeTime()
    {
        var (batch, _) = Translate(NodeExporterExposition.Body);

        Assert.All(batch.Points, p => Assert.Equal(ScrapeTime, p.TimeUnixNano));
        Assert.All(batch.HistogramPoints, p => Assert.Equal(ScrapeTime, p.TimeUnixNano));
        Assert.All(batch.SummaryPoints, p => Assert.Equal(ScrapeTime, p.TimeUnixNano));
    }

    [Fact]
    public void NodeExporterExposition_ParsesWithoutTrailingNewline()
    {
        var (_, stats) = Translate(NodeExporterExposition.Body.TrimEnd('\n'));

        Assert.Equal(NodeExporterExposition.SampleLines, stats.SamplesScraped);
        Assert.True(Encoding.UTF8.GetByteCount(NodeExporterExposition.Body) > 4000);
    }
}
