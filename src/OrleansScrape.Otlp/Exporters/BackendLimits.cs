using OrleansScrape.Configuration;

namespace OrleansScrape.Otlp.Exporters;

/// <summary>
/// What a backend accepts, so that requests are shaped to be accepted rather than rejected whole:
/// Dynatrace drops a request over 4 MB or 15,000 points and a point with more than 50 attributes,
/// and it does not ingest summaries.
/// </summary>
public sealed record BackendLimits : IValidatedOptions
{
    /// <summary>Largest uncompressed request; larger ones are split. 0 = no limit.</summary>
    public long MaxRequestBytes { get; init; }

    /// <summary>Most attributes a point may carry; the rest are cut (in key order) and counted. 0 = no limit.</summary>
    public int MaxAttributesPerPoint { get; init; }

    /// <summary>Send each summary as gauges: <c>NAME</c> per quantile (attribute <c>quantile</c>), <c>NAME_sum</c> and <c>NAME_count</c>.</summary>
    public bool SummariesAsGauges { get; init; }

    /// <summary>
    /// Most data points in one request (after shaping), split by the exporter's
    /// <see cref="Helper.ExporterSender"/>; 0 = no limit.
    /// </summary>
    public int MaxPointsPerRequest { get; init; }

    public static BackendLimits None { get; } = new();

    /// <summary>Dynatrace's OTLP metrics ingest limits.</summary>
    public static BackendLimits Dynatrace { get; } = new()
    {
        MaxRequestBytes = 4 * 1024 * 1024,
        MaxAttributesPerPoint = 50,
        SummariesAsGauges = true,
        MaxPointsPerRequest = 15_000,
    };

    public bool ShapesBatches => MaxAttributesPerPoint > 0 || SummariesAsGauges;

    /// <summary>Problems keyed by the exporter keys the limits are read from.</summary>
    public IReadOnlyList<ConfigProblem> Validate()
    {
        var problems = new List<ConfigProblem>();
        if (MaxRequestBytes < 0)
        {
            problems.Add(new ConfigProblem("max_request_bytes", $"must not be negative, not {MaxRequestBytes}"));
        }
        if (MaxPointsPerRequest < 0)
        {
            problems.Add(new ConfigProblem("max_points_per_request", $"must not be negative, not {MaxPointsPerRequest}"));
        }
        if (MaxAttributesPerPoint < 0)
        {
            problems.Add(new ConfigProblem("max_attributes_per_point", $"must not be negative, not {MaxAttributesPerPoint}"));
        }
        return problems;
    }
}
