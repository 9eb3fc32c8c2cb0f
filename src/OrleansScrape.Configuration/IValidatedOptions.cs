namespace OrleansScrape.Configuration;

/// <summary>Options that check themselves: each rule once, beside the default it belongs to.</summary>
public interface IValidatedOptions
{
    /// <summary>Every problem, by key; empty when the options are usable.</summary>
    IReadOnlyList<ConfigProblem> Validate();
}
