using OrleansScrape.Configuration;
using OrleansScrape.Processing.CumulativeToDelta;
using OrleansScrape.Processing.Filter;
using OrleansScrape.Processing.Matching;
using OrleansScrape.Processing.MetricStartTime;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Hosting.Configuration;

/// <summary>
/// Readers of processor sections, with the Collector's key names. Each refuses unknown keys and
/// invalid values with the line they are on.
/// </summary>
public static class ProcessorConfigReaders
{
    /// <summary>A <c>cumulativetodelta</c> section.</summary>
    public static CumulativeToDeltaOptions ReadCumulativeToDelta(YamlMappingReader section)
    {
        var defaults = new CumulativeToDeltaOptions();
        var include = ReadDeltaSelection(section, "include");
        var exclude = ReadDeltaSelection(section, "exclude");
        var maxStaleness = GoDuration.Read(section, "max_staleness") ?? defaults.MaxStaleness;
        if (maxStaleness < TimeSpan.Zero)
        {
            throw section.ErrorAt("max_staleness", $"{section.Qualified("max_staleness")} must not be negative (0 keeps state forever)");
        }
        var initial = section.GetString("initial_value");
        var initialValue = initial switch
        {
            null or "auto" => InitialValueMode.Auto,
            "keep" => InitialValueMode.Keep,
            "drop" => InitialValueMode.Drop,
            _ => throw section.ErrorAt("initial_value", $"{section.Qualified("initial_value")} \"{initial}\" must be auto, keep or drop"),
        };
        var resetText = section.GetString("reset");
        var reset = resetText switch
        {
            null or "keep_increase" => ResetPolicy.KeepIncrease,
            "drop" => ResetPolicy.Drop,
            _ => throw section.ErrorAt("reset", $"{section.Qualified("reset")} \"{resetText}\" must be keep_increase or drop"),
        };
        section.RejectUnknownKeys();
        var options = new CumulativeToDeltaOptions
        {
            Include = include,
            Exclude = exclude,
            MaxStaleness = maxStaleness,
            InitialValue = initialValue,
            Reset = reset,
        };
        ThrowIfInvalid(section, options.Validate());
        return options;
    }

    /// <summary>A <c>metric_start_time</c> section.</summary>
    public static MetricStartTimeOptions ReadMetricStartTime(YamlMappingReader section)
    {
        var defaults = new MetricStartTimeOptions();
        var strategyText = section.GetString("strategy");
        var strategy = strategyText switch
        {
            null or "true_reset_point" => StartTimeStrategy.TrueResetPoint,
            "subtract_initial_point" => StartTimeStrategy.SubtractInitialPoint,
            "start_time_metric" => StartTimeStrategy.StartTimeMetric,
            _ => throw section.ErrorAt("strategy",
                $"{section.Qualified("strategy")} \"{strategyText}\" must be true_reset_point, subtract_initial_point or start_time_metric"),
        };
        var gcInterval = GoDuration.Read(section, "gc_interval") ?? defaults.GcInterval;
        if (gcInterval <= TimeSpan.Zero)
        {
            throw section.ErrorAt("gc_interval", $"{section.Qualified("gc_interval")} must be positive");
        }
        var regex = section.GetString("start_time_metric_regex");
        if (regex is not null)
        {
            if (strategy != StartTimeStrategy.StartTimeMetric)
            {
                throw section.ErrorAt("start_time_metric_regex",
                    $"{section.Qualified("start_time_metric_regex")} can only be set with strategy start_time_metric");
            }
            if (MetricNameMatcher.RegexProblem(regex) is { } problem)
            {
                throw section.ErrorAt("start_time_metric_regex",
                    $"{section.Qualified("start_time_metric_regex")}: \"{regex}\" is not a valid regular expression: {problem}");
            }
        }
        section.RejectUnknownKeys();
        var options = new MetricStartTimeOptions { Strategy = strategy, GcInterval = gcInterval, StartTimeMetricRegex = regex };
        ThrowIfInvalid(section, options.Validate());
        return options;
    }

    /// <summary>A <c>filter</c> section: the metric-name subset of the Collector's filter processor.</summary>
    public static FilterOptions ReadFilter(YamlMappingReader section)
    {
        var metrics = section.GetMapping("metrics");
        section.RejectUnknownKeys(" (this version supports metrics.include and metrics.exclude only)");
        if (metrics is null)
        {
            return new FilterOptions();
        }
        foreach (var ottl in new[] { "metric", "datapoint" })
        {
            if (metrics.Has(ottl))
            {
                throw metrics.ErrorAt(ottl, $"{metrics.Qualified(ottl)}: OTTL conditions are not supported (use metrics.include / metrics.exclude)");
            }
        }
        var include = ReadNameFilter(metrics, "include");
        var exclude = ReadNameFilter(metrics, "exclude");
        metrics.RejectUnknownKeys();
        var options = new FilterOptions { Include = include, Exclude = exclude };
        ThrowIfInvalid(section, options.Validate());
        return options;
    }

    private static DeltaMetricSelection? ReadDeltaSelection(YamlMappingReader section, string key)
    {
        var mapping = section.GetMapping(key);
        if (mapping is null)
        {
            return null;
        }
        var metrics = mapping.GetStringList("metrics");
        var matchType = ReadMatchType(mapping);
        var typeNames = mapping.GetStringList("metric_types");
        mapping.RejectUnknownKeys();

        if (metrics.Count > 0 && matchType is null)
        {
            throw mapping.ErrorAt("metrics", $"{mapping.Qualified("metrics")}: match_type must be set if metrics are supplied");
        }
        if (matchType is not null && metrics.Count == 0)
        {
            throw mapping.ErrorAt("match_type", $"{mapping.Qualified("match_type")}: metrics must be supplied if match_type is set");
        }
        if (matchType == MetricMatchType.Regexp)
        {
            RequireValidPatterns(mapping, "metrics", metrics);
        }
        var metricTypes = new List<DeltaMetricType>(typeNames.Count);
        foreach (var name in typeNames)
        {
            metricTypes.Add(name.ToLowerInvariant() switch
            {
                "sum" => DeltaMetricType.Sum,
                "histogram" => DeltaMetricType.Histogram,
                "exponentialhistogram" => DeltaMetricType.ExponentialHistogram,
                _ => throw mapping.ErrorAt("metric_types", $"{mapping.Qualified("metric_types")}: \"{name}\" must be sum, histogram or exponentialhistogram"),
            });
        }
        return new DeltaMetricSelection { Metrics = metrics, MatchType = matchType, MetricTypes = metricTypes };
    }

    private static MetricNameFilter? ReadNameFilter(YamlMappingReader metrics, string key)
    {
        var mapping = metrics.GetMapping(key);
        if (mapping is null)
        {
            return null;
        }
        var matchType = ReadMatchType(mapping)
            ?? throw metrics.ErrorAt(key, $"{mapping.Qualified("match_type")} is required (strict or regexp)");
        var names = mapping.GetStringList("metric_names");
        mapping.RejectUnknownKeys(" (this version supports match_type and metric_names only)");
        if (names.Count == 0)
        {
            throw mapping.ErrorAt("metric_names", $"{mapping.Qualified("metric_names")} must name at least one metric");
        }
        if (matchType == MetricMatchType.Regexp)
        {
            RequireValidPatterns(mapping, "metric_names", names);
        }
        return new MetricNameFilter(matchType, names);
    }

    private static MetricMatchType? ReadMatchType(YamlMappingReader mapping)
    {
        var text = mapping.GetString("match_type");
        return text switch
        {
            null or "" => null,
            "strict" => MetricMatchType.Strict,
            "regexp" => MetricMatchType.Regexp,
            _ => throw mapping.ErrorAt("match_type", $"{mapping.Qualified("match_type")} \"{text}\" must be strict or regexp"),
        };
    }

    private static void RequireValidPatterns(YamlMappingReader mapping, string key, IReadOnlyList<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            if (MetricNameMatcher.RegexProblem(pattern) is { } problem)
            {
                throw mapping.ErrorAt(key, $"{mapping.Qualified(key)}: \"{pattern}\" is not a valid regular expression: {problem}");
            }
        }
    }

    internal static void ThrowIfInvalid(YamlMappingReader section, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw section.Error($"{section.Path}: {string.Join("; ", problems)}");
        }
    }

    /// <summary>The Collector's <c>memory_limiter</c>: <c>check_interval</c>, <c>limit_mib</c>, <c>spike_limit_mib</c>, <c>limit_percentage</c>, <c>spike_limit_percentage</c>.</summary>
    public static Processing.MemoryLimiter.MemoryLimiterOptions ReadMemoryLimiter(YamlMappingReader section)
    {
        var options = new Processing.MemoryLimiter.MemoryLimiterOptions
        {
            CheckInterval = GoDuration.Read(section, "check_interval") ?? TimeSpan.FromSeconds(1),
            LimitMiB = section.GetInt("limit_mib") ?? 0,
            SpikeLimitMiB = section.GetInt("spike_limit_mib") ?? 0,
            LimitPercentage = section.GetInt("limit_percentage") ?? 0,
            SpikeLimitPercentage = section.GetInt("spike_limit_percentage") ?? 0,
        };
        section.RejectUnknownKeys();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw section.Error($"{section.Path}: {string.Join("; ", problems)}");
        }
        return options;
    }

    /// <summary>The Collector's <c>batch</c> processor, which sizes and times the export pipeline's requests.</summary>
    public static OrleansScrape.Otlp.Pipeline.ExportPipelineOptions ReadBatch(YamlMappingReader section)
    {
        var options = new OrleansScrape.Otlp.Pipeline.ExportPipelineOptions();
        var size = section.GetInt("send_batch_size");
        var maxSize = section.GetInt("send_batch_max_size");
        var timeout = GoDuration.Read(section, "timeout");
        // The export pipeline sends one request per filled batch, so the larger of the two sizes bounds a request.
        if (maxSize is > 0)
        {
            options.MaxPointsPerRequest = maxSize.Value;
        }
        else if (size is > 0)
        {
            options.MaxPointsPerRequest = size.Value;
        }
        if (timeout is { } flush)
        {
            options.FlushInterval = flush;
        }
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw section.Error($"{section.Path}: {string.Join("; ", problems)}");
        }
        return options;
    }
}
