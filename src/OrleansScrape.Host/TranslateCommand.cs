using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Relabeling;
using OrleansScrape.Prometheus.Translation;

namespace OrleansScrape.Host;

/// <summary>
/// <c>translate [FILE|-] [--job J] [--instance I] [--format text|openmetrics]</c>: prints the
/// OTLP/JSON <c>ExportMetricsServiceRequest</c> that scraping this exposition produces, before any
/// gateway processing. The synthetic <c>up</c> and <c>scrape_*</c> series of a live scrape describe
/// the scrape, not the exposition, and are left out.
/// </summary>
internal static class TranslateCommand
{
    public const string DefaultJob = "translate";
    public const string DefaultInstance = "localhost";

    public static int Run(string? path, string? job, string? instance, string? format, TextWriter output, TextWriter error)
    {
        var fromStdin = path is null or "-";
        byte[] body;
        try
        {
            if (fromStdin)
            {
                using var stdin = Console.OpenStandardInput();
                using var copy = new MemoryStream();
                stdin.CopyTo(copy);
                body = copy.ToArray();
            }
            else
            {
                body = File.ReadAllBytes(path!);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{path}: cannot read the file: {e.Message}");
            return CheckMetricsCommand.UsageError;
        }
        return Run(body, fromStdin ? null : path, job ?? DefaultJob, instance ?? DefaultInstance, format, DateTimeOffset.UtcNow, output, error);
    }

    public static int Run(byte[] body, string? fileName, string job, string instance, string? format, DateTimeOffset scrapeTime, TextWriter output, TextWriter error)
    {
        var prefix = fileName is null ? string.Empty : fileName + ": ";
        ExpositionFormat exposition;
        switch (format)
        {
            case null:
                exposition = CheckMetricsCommand.EndsWithEof(body) ? ExpositionFormat.OpenMetrics100 : ExpositionFormat.TextPlain004;
                break;
            case CheckMetricsCommand.OpenMetricsFormat:
                exposition = ExpositionFormat.OpenMetrics100;
                break;
            case CheckMetricsCommand.TextFormat:
                exposition = ExpositionFormat.TextPlain004;
                break;
            default:
                error.WriteLine($"unknown format \"{format}\" (expected {CheckMetricsCommand.TextFormat} or {CheckMetricsCommand.OpenMetricsFormat})");
                return CheckMetricsCommand.UsageError;
        }

        var translator = new PrometheusToOtlpTranslator(new TranslationOptions
        {
            TargetLabels = [new Label("job", job), new Label("instance", instance)],
        });
        var builder = new MetricBatchBuilder([]);
        try
        {
            var time = (scrapeTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
            translator.Translate(body, exposition, time, builder, PrometheusToOtlpTranslator.ResourceAttributes(job, instance, "http"));
        }
        catch (ExpositionFormatException e)
        {
            error.WriteLine(prefix + e.Message);
            return CheckMetricsCommand.Invalid;
        }
        output.WriteLine(OtlpJsonEncoder.ToJson(OtlpRequestEncoder.Encode([builder.Build()])));
        return 0;
    }
}
