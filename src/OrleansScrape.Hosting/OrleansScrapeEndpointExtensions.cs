using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;
using OrleansScrape.Hosting.Runtime;
using OrleansScrape.Hosting.TargetAllocator;

namespace OrleansScrape.Hosting;

public static class OrleansScrapeEndpointExtensions
{
    /// <summary>
    /// Maps <c>/livez</c>, <c>/readyz</c>, <c>/metrics</c> (self-monitoring in Prometheus text),
    /// <c>/targets</c> (the targets page), the Target Allocator API (<c>/jobs</c>,
    /// <c>/jobs/{job}/targets</c>, <c>/scrape_configs</c>) and <c>/dashboard</c> (the Orleans dashboard).
    /// </summary>
    public static IEndpointRouteBuilder MapOrleansScrape(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/livez", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", (ScrapeReadiness readiness) => readiness.IsReady
            ? Results.Text($"ready: {readiness.Reason}\n")
            : Results.Text($"not ready: {readiness.Reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        endpoints.MapTargetAllocatorApi();
        endpoints.MapGet("/targets", async (IGrainFactory grains, Grains.Discovery.DiscoverySources sources) =>
        {
            var discovery = new ShardedDiscovery(grains, sources.Shards);
            var assignments = await discovery.AssignmentsAsync();
            return Results.Content(TargetsPage.Render(assignments, await discovery.StatusAsync(), DateTimeOffset.UtcNow), "text/html; charset=utf-8");
        });
        endpoints.MapOrleansDashboard("/dashboard");
        return endpoints;
    }
}
