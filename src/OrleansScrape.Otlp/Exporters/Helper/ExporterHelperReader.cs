using System.Globalization;
using OrleansScrape.Configuration;

namespace OrleansScrape.Otlp.Exporters.Helper;

/// <summary>
/// Maps an exporter section's exporterhelper keys (<c>timeout</c>, <c>retry_on_failure.*</c>,
/// <c>sending_queue.*</c> with <c>sending_queue.batch.*</c>) into <see cref="ExporterHelperOptions"/>.
/// Only maps: values that parse but are out of range are left to
/// <see cref="ExporterHelperOptions.Validate"/>, so each rule is written once. Unknown keys inside the
/// three mappings are refused here; the exporter's own keys are the factory's business.
/// </summary>
public static class ExporterHelperReader
{
    private const string BatchKey = "batch";

    /// <summary>The options of the section, starting from the exporter's <paramref name="defaults"/>.</summary>
    /// <exception cref="ConfigException">A value does not parse, or a mapping holds an unknown key.</exception>
    public static ExporterHelperOptions Read(YamlMappingReader section, ExporterHelperOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(defaults);
        var options = defaults with { Timeout = GoDuration.Read(section, "timeout") ?? defaults.Timeout };
        if (section.GetMapping(RetryOptions.Key) is { } retry)
        {
            options = options with { Retry = ReadRetry(retry, defaults.Retry) };
        }
        if (section.GetMapping(SendingQueueOptions.Key) is { } queue)
        {
            options = options with { Queue = ReadQueue(queue, defaults.Queue) };
        }
        return options;
    }

    private static RetryOptions ReadRetry(YamlMappingReader retry, RetryOptions defaults)
    {
        var options = defaults with
        {
            Enabled = retry.GetBool("enabled") ?? defaults.Enabled,
            InitialInterval = GoDuration.Read(retry, "initial_interval") ?? defaults.InitialInterval,
            MaxInterval = GoDuration.Read(retry, "max_interval") ?? defaults.MaxInterval,
            MaxElapsedTime = GoDuration.Read(retry, "max_elapsed_time") ?? defaults.MaxElapsedTime,
            Multiplier = GetDouble(retry, "multiplier") ?? defaults.Multiplier,
            RandomizationFactor = GetDouble(retry, "randomization_factor") ?? defaults.RandomizationFactor,
        };
        retry.RejectUnknownKeys();
        return options;
    }

    private static SendingQueueOptions ReadQueue(YamlMappingReader queue, SendingQueueOptions defaults)
    {
        var options = defaults with
        {
            Enabled = queue.GetBool("enabled") ?? defaults.Enabled,
            NumConsumers = queue.GetInt("num_consumers") ?? defaults.NumConsumers,
            QueueSize = GetLong(queue, "queue_size") ?? defaults.QueueSize,
            Sizer = GetSizer(queue, "sizer") ?? defaults.Sizer,
            BlockOnOverflow = queue.GetBool("block_on_overflow") ?? defaults.BlockOnOverflow,
            WaitForResult = queue.GetBool("wait_for_result") ?? defaults.WaitForResult,
            Storage = queue.GetString("storage") ?? defaults.Storage,
        };
        // Absent keeps the default (no batching); present, even empty (batch: {}), turns it on.
        if (queue.GetMapping(BatchKey) is { } batch)
        {
            options = options with { Batch = ReadBatch(batch, defaults.Batch ?? new QueueBatchOptions()) };
        }
        queue.RejectUnknownKeys();
        return options;
    }

    private static QueueBatchOptions ReadBatch(YamlMappingReader batch, QueueBatchOptions defaults)
    {
        var options = defaults with
        {
            FlushTimeout = GoDuration.Read(batch, "flush_timeout") ?? defaults.FlushTimeout,
            MinSize = GetLong(batch, "min_size") ?? defaults.MinSize,
            MaxSize = GetLong(batch, "max_size") ?? defaults.MaxSize,
            Sizer = GetSizer(batch, "sizer") ?? defaults.Sizer,
        };
        batch.RejectUnknownKeys();
        return options;
    }

    private static QueueSizer? GetSizer(YamlMappingReader section, string key) => section.GetString(key) switch
    {
        null => null,
        "requests" => QueueSizer.Requests,
        "items" => QueueSizer.Items,
        "bytes" => QueueSizer.Bytes,
        var other => throw section.ErrorAt(key, $"{section.Qualified(key)}: \"{other}\" is not a sizer (requests, items or bytes)"),
    };

    private static long? GetLong(YamlMappingReader section, string key)
    {
        var text = section.GetString(key);
        if (text is null)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw section.ErrorAt(key, $"{section.Qualified(key)}: \"{text}\" is not an integer");
    }

    private static double? GetDouble(YamlMappingReader section, string key)
    {
        var text = section.GetString(key);
        if (text is null)
        {
            return null;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw section.ErrorAt(key, $"{section.Qualified(key)}: \"{text}\" is not a number");
    }
}
