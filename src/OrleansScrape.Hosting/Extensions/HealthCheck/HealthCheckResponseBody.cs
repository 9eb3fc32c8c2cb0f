namespace OrleansScrape.Hosting.Extensions.HealthCheck;

/// <summary><c>response_body</c>: literal bodies that replace the JSON status, as in the Collector (each defaults to empty).</summary>
public sealed record HealthCheckResponseBody
{
    public string Healthy { get; init; } = "";

    public string Unhealthy { get; init; } = "";
}
