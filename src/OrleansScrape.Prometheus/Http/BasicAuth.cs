namespace OrleansScrape.Prometheus.Http;

/// <summary><c>basic_auth</c>: the username and password are each given inline or as a file read on every request.</summary>
public sealed record BasicAuth
{
    public string Username { get; init; } = "";
    public string? UsernameFile { get; init; }
    public string? Password { get; init; }
    public string? PasswordFile { get; init; }
}
