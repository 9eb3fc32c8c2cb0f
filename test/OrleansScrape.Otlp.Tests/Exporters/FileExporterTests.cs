using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OrleansScrape.Otlp.Exporters.File;
using OrleansScrape.Otlp.Tests.Support;

namespace OrleansScrape.Otlp.Tests.Exporters;

public sealed class FileExporterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-scrape-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Each_export_is_one_line_of_OTLP_JSON()
    {
        var path = Path.Combine(_directory, "metrics.jsonl");
        using var exporter = new FileExporter("file", new FileExporterOptions { Path = path });

        await exporter.ExportAsync([TestBatches.Gauge("a", 2)], CancellationToken.None);
        await exporter.ExportAsync([TestBatches.Gauge("b", 3)], CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        var second = JsonDocument.Parse(lines[1]).RootElement.GetProperty("resourceMetrics")[0];
        Assert.Equal("b", second.GetProperty("resource").GetProperty("attributes")[0].GetProperty("value").GetProperty("stringValue").GetString());
        Assert.Equal(3, second.GetProperty("scopeMetrics")[0].GetProperty("metrics")[0].GetProperty("gauge").GetProperty("dataPoints").GetArrayLength());
    }

    [Fact]
    public async Task A_file_about_to_pass_the_size_limit_is_rotated_and_old_backups_are_deleted()
    {
        var path = Path.Combine(_directory, "metrics.jsonl");
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T20:00:00Z"));
        using var exporter = new FileExporter("file", new FileExporterOptions { Path = path, MaxMegabytes = 1, MaxBackups = 2 }, clock);
        var big = TestBatches.Gauge("big", 4000);

        for (var i = 0; i < 12; i++)
        {
            await exporter.ExportAsync([big], CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var rotated = Directory.GetFiles(_directory, "metrics-*.jsonl");
        Assert.Equal(2, rotated.Length);
        Assert.All(rotated.Append(path), file => Assert.True(new FileInfo(file).Length <= 1024 * 1024));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Missing_path_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new FileExporter("file", new FileExporterOptions()));
    }
}
