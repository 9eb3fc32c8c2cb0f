using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansScrape.Abstractions.Messages;
using OrleansScrape.Grains.Discovery;

namespace OrleansScrape.Hosting.TargetAllocator;

/// <summary>
/// The Target Allocator's HTTP API with upstream's JSON shapes, so existing tooling and
/// Collectors that poll an allocator work against any silo. A collector id is a silo name: the
/// silo whose target grain scrapes the target. Every answer covers all discovery shards.
/// </summary>
public static class TargetAllocatorEndpoints
{
    public static IEndpointRouteBuilder MapTargetAllocatorApi(this IEndpointRouteBuilder endpoints)
    {
        // Configured and generated jobs with their service discovery, as the discovery shards run them.
        endpoints.MapGet("/scrape_configs", async (IGrainFactory grains, DiscoverySources sources) =>
        {
            var configs = await new ShardedDiscovery(grains, sources.Shards).ScrapeConfigsAsync();
            return Results.Json(new JsonObject(configs.Select(c => KeyValuePair.Create(c.JobName, JsonNode.Parse(c.Json)))));
        });

        endpoints.MapGet("/jobs", async (IGrainFactory grains, DiscoverySources sources) =>
        {
            var assignments = await new ShardedDiscovery(grains, sources.Shards).AssignmentsAsync();
            var jobs = new JsonObject();
            foreach (var job in assignments.Select(JobOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                jobs[job] = new JsonObject { ["_link"] = $"/jobs/{WebUtility.UrlEncode(job)}/targets" };
            }
            return Results.Json(jobs);
        });

        endpoints.MapGet("/jobs/{job}/targets", async (string job, string? collector_id, IGrainFactory grains, DiscoverySources sources) =>
        {
            // The server leaves an escaped '/' escaped in a path segment; generated job names have them (serviceMonitor/ns/name/0).
            job = job.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
            var assignments = (await new ShardedDiscovery(grains, sources.Shards).AssignmentsAsync()).Where(a => JobOf(a) == job).ToList();
            if (collector_id is not null)
            {
                // http_sd format for one collector; an unknown job or collector is an empty list.
                return Results.Json(new JsonArray(assignments.Where(a => a.Status.Silo == collector_id).Select(Group).ToArray()));
            }
            var collectors = new JsonObject();
            foreach (var silo in assignments.GroupBy(a => a.Status.Silo).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                collectors[silo.Key] = new JsonObject
                {
                    ["_link"] = $"/jobs/{WebUtility.UrlEncode(job)}/targets?collector_id={WebUtility.UrlEncode(silo.Key)}",
                    ["targets"] = new JsonArray(silo.Select(Group).ToArray()),
                };
            }
            return Results.Json(collectors);
        });
        return endpoints;
    }

    private static string JobOf(TargetAssignment assignment) =>
        assignment.Target.ScrapeConfigName.Length > 0 ? assignment.Target.ScrapeConfigName : assignment.Target.Job;

    // Upstream serves the labels as discovered (before relabeling): the scraper relabels them itself.
    private static JsonNode? Group(TargetAssignment assignment) => new JsonObject
    {
        ["targets"] = new JsonArray(assignment.Target.Address),
        ["labels"] = new JsonObject(assignment.Target.DiscoveredLabels.OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
    };
}
