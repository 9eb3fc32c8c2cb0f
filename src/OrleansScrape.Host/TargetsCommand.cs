using System.Globalization;
using System.Net;
using System.Text.Json;

namespace OrleansScrape.Host;

/// <summary>
/// <c>targets --url URL</c>: asks a Target Allocator API (any OrleansScrape silo, or an upstream
/// allocator) which collector scrapes what, prints it per collector and job, and flags unassigned
/// targets, targets assigned twice (duplicate collector ids) and imbalance (a collector with more
/// than 1.2 times the mean). Exit 0 when nothing is flagged, 1 when something is, 2 when the API
/// cannot be read.
/// </summary>
internal static class TargetsCommand
{
    public const int Flagged = 1;
    public const int Unreachable = 2;

    public static async Task<int> RunAsync(Uri url, TextWriter output, TextWriter error, HttpClient? client = null)
    {
        using var owned = client is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
        var http = client ?? owned!;
        var assignments = new List<(string Job, string Collector, string Target)>();
        try
        {
            using var jobs = JsonDocument.Parse(await http.GetStringAsync(new Uri(url, "/jobs")));
            foreach (var job in jobs.RootElement.EnumerateObject())
            {
                using var byCollector = JsonDocument.Parse(await http.GetStringAsync(new Uri(url, $"/jobs/{WebUtility.UrlEncode(job.Name)}/targets")));
                foreach (var collector in byCollector.RootElement.EnumerateObject())
                {
                    foreach (var group in collector.Value.GetProperty("targets").EnumerateArray())
                    {
                        foreach (var target in group.GetProperty("targets").EnumerateArray())
                        {
                            assignments.Add((job.Name, collector.Name, target.GetString() ?? ""));
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or KeyNotFoundException or InvalidOperationException)
        {
            error.WriteLine($"orleans-scrape targets: cannot read the Target Allocator API at {url}: {e.Message}");
            return Unreachable;
        }

        var flagged = false;
        var collectors = assignments.Where(a => a.Collector.Length > 0).GroupBy(a => a.Collector).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var mean = collectors.Count == 0 ? 0 : collectors.Average(c => c.Count());
        output.WriteLine($"{assignments.Count} targets in {assignments.Select(a => a.Job).Distinct().Count()} jobs on {collectors.Count} collectors (mean {mean.ToString("0.0", CultureInfo.InvariantCulture)} per collector)");
        foreach (var collector in collectors)
        {
            var heavy = mean > 0 && collector.Count() > 1.2 * mean;
            flagged |= heavy;
            output.WriteLine($"  {collector.Key}: {collector.Count()} targets{(heavy ? "  <- IMBALANCED: more than 1.2x the mean" : "")}");
            foreach (var job in collector.GroupBy(a => a.Job).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"    {job.Key}: {string.Join(", ", job.Select(a => a.Target).Order(StringComparer.Ordinal))}");
            }
        }
        var unassigned = assignments.Where(a => a.Collector.Length == 0).ToList();
        if (unassigned.Count > 0)
        {
            flagged = true;
            output.WriteLine($"UNASSIGNED: {unassigned.Count} targets: {string.Join(", ", unassigned.Select(a => $"{a.Job}/{a.Target}"))}");
        }
        foreach (var twice in assignments.GroupBy(a => (a.Job, a.Target)).Where(g => g.Select(a => a.Collector).Distinct().Count() > 1))
        {
            flagged = true;
            output.WriteLine($"DUPLICATE: {twice.Key.Job}/{twice.Key.Target} is assigned to {string.Join(" and ", twice.Select(a => a.Collector).Distinct())} (duplicate collector ids scrape a target twice)");
        }
        return flagged ? Flagged : 0;
    }
}
