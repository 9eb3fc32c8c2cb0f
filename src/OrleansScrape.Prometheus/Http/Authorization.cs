namespace OrleansScrape.Prometheus.Http;

/// <summary><c>authorization</c>: sent as <c>Authorization: {Type} {credentials}</c>, the credentials inline or read from a file on every request.</summary>
public sealed record Authorization
{
    public string Type { get; init; } = "Bearer";
    public string? Credentials { get; init; }
    public string? CredentialsFile { get; init; }
}
