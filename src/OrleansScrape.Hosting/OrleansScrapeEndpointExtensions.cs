using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;
using OrleansScrape.Hosting.Runtime;

namespace OrleansScrape.Hosting;

public static class OrleansScrapeEndpointExtensions
{
    /// <summary>
    /// Maps <c>/livez</c>, <c>/readyz</c>, <c>/metrics</c> (self-monitoring in Prometheus text)
    /// and <c>/dashboard</c> (the Orleans dashboard).
    /// </summary>
    public static IEndpointRouteBuilder MapOrleansScrape(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/livez", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", (ScrapeReadiness readiness) => readiness.IsReady
            ? Results.Text($"ready: {readiness.Reason}\n")
            : Results.Text($"not ready: {readiness.Reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        endpoints.MapOrleansDashboard("/dashboard");
        return endpoints;
    }
}
