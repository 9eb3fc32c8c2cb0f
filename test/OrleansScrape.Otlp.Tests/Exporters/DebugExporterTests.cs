using OrleansScrape.Otlp.Exporters.Debug;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Exporters;

public class DebugExporterTests
{
    [Fact]
    public async Task Export_writes_exactly_one_summary_line()
    {
        var output = new StringWriter();
        var exporter = new DebugExporter("debug", output);

        await exporter.ExportAsync([TestBatches.GaugeAndDeltaSum(), TestBatches.Gauge("g", 4)], CancellationToken.None);

        Assert.Equal(
            "debug: exported 2 resources, 3 metrics, 7 data points (delta sums 1, cumulative sums 0, gauges 2)" + Environment.NewLine,
            output.ToString());
    }

    [Fact]
    public async Task Concurrent_exports_write_whole_lines()
    {
        var output = new StringWriter();
        var exporter = new DebugExporter("debug", output);
        var batches = new[] { TestBatches.Gauge("g", 3) };

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => exporter.ExportAsync(batches, CancellationToken.None))));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(50, lines.Length);
        Assert.All(lines, line => Assert.Equal("debug: exported 1 resources, 1 metrics, 3 data points (delta sums 0, cumulative sums 0, gauges 1)", line));
    }

    [Fact]
    public async Task Detailed_verbosity_writes_what_normal_writes()
    {
        var normal = new StringWriter();
        var detailed = new StringWriter();
        var batches = new[] { TestBatches.GaugeAndDeltaSum() };

        await new DebugExporter("debug", normal, DebugVerbosity.Normal).ExportAsync(batches, CancellationToken.None);
        await new DebugExporter("debug", detailed, DebugVerbosity.Detailed).ExportAsync(batches, CancellationToken.None);

        Assert.Equal(3, normal.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(normal.ToString(), detailed.ToString());
    }
}
