namespace OrleansScrape.Processing.CumulativeToDelta;

/// <summary>Settings of the <c>cumulativetodelta</c> processor, with the upstream defaults.</summary>
public sealed record CumulativeToDeltaOptions
{
    /// <summary>State of a series not seen for this long is dropped; zero keeps it forever.</summary>
    public TimeSpan MaxStaleness { get; init; } = TimeSpan.FromHours(1);

    public InitialValueMode InitialValue { get; init; } = InitialValueMode.Auto;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxStaleness < TimeSpan.Zero)
        {
            problems.Add("max_staleness must not be negative");
        }
        return problems;
    }
}
