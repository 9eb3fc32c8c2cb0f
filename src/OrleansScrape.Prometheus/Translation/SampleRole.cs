namespace OrleansScrape.Prometheus.Translation;

/// <summary>What a sample contributes to the point of its family, read from its name's suffix.</summary>
internal enum SampleRole : byte
{
    /// <summary>The value of a counter, gauge, unknown, info or stateset point.</summary>
    Value,
    Created,
    Bucket,
    Count,
    Sum,
    /// <summary>A summary's quantile sample (the family name itself, with a <c>quantile</c> label).</summary>
    Quantile,
    /// <summary>Not translated: gauge histogram samples.</summary>
    Ignored,
    /// <summary>A <c>target_info</c> sample: its labels describe the resource.</summary>
    TargetInfo,
}
