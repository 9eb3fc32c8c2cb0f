using System.Globalization;
using System.Net;
using System.Text;
using OrleansScrape.Abstractions.Messages;

namespace OrleansScrape.Hosting.TargetAllocator;

/// <summary>An HTML page like Prometheus's /targets: per job, each target's endpoint, state, labels, last scrape, duration, error and silo.</summary>
public static class TargetsPage
{
    public static string Render(IReadOnlyList<TargetAssignment> assignments, DiscoveryStatus discovery, DateTimeOffset now)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>OrleansScrape targets</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
            table{border-collapse:collapse;width:100%;margin-bottom:2rem}
            th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
            th{background:#f3f3f3}
            .up{color:#137333;font-weight:600}.down{color:#c5221f;font-weight:600}.unknown{color:#777}
            .label{display:inline-block;background:#e8eefc;border-radius:3px;padding:0 .3rem;margin:.1rem;font-family:monospace;font-size:.8rem}
            </style></head><body>
            <h1>Targets</h1>
            """);
        var up = assignments.Count(a => a.Status.Health == TargetHealth.Up);
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">{assignments.Count} targets, {up} up, {discovery.DroppedTargets} dropped by relabeling");
        if (discovery.LastError is { } error)
        {
            html.Append(" &mdash; discovery: ").Append(WebUtility.HtmlEncode(error));
        }
        html.Append("</p>\n");
        foreach (var job in assignments.GroupBy(a => a.Target.ScrapeConfigName.Length > 0 ? a.Target.ScrapeConfigName : a.Target.Job).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{WebUtility.HtmlEncode(job.Key)} ({job.Count(a => a.Status.Health == TargetHealth.Up)}/{job.Count()} up)</h2>\n");
            html.Append("<table><thead><tr><th>Endpoint</th><th>State</th><th>Labels</th><th>Last scrape</th><th>Duration</th><th>Error</th><th>Silo</th></tr></thead><tbody>\n");
            foreach (var assignment in job.OrderBy(a => a.Target.Key, StringComparer.Ordinal))
            {
                var status = assignment.Status;
                var state = status.Health switch { TargetHealth.Up => "up", TargetHealth.Down => "down", _ => "unknown" };
                html.Append("<tr><td><a href=\"").Append(WebUtility.HtmlEncode(assignment.Target.ScrapeUrl.ToString())).Append("\">")
                    .Append(WebUtility.HtmlEncode(assignment.Target.ScrapeUrl.ToString())).Append("</a></td>");
                html.Append("<td class=\"").Append(state).Append("\">").Append(state.ToUpperInvariant()).Append("</td><td>");
                html.Append("<span class=\"label\">instance=\"").Append(WebUtility.HtmlEncode(assignment.Target.Instance)).Append("\"</span>");
                html.Append("<span class=\"label\">job=\"").Append(WebUtility.HtmlEncode(assignment.Target.Job)).Append("\"</span>");
                foreach (var (name, value) in assignment.Target.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
                {
                    html.Append("<span class=\"label\">").Append(WebUtility.HtmlEncode(name)).Append("=\"").Append(WebUtility.HtmlEncode(value)).Append("\"</span>");
                }
                html.Append("</td><td>");
                html.Append(status.LastScrape is { } last ? $"{(now - last).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s ago" : "never");
                html.Append("</td><td>").Append(status.LastScrape is null ? "" : $"{status.LastScrapeDuration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)}ms");
                html.Append("</td><td>").Append(WebUtility.HtmlEncode(status.LastError ?? ""));
                html.Append("</td><td>").Append(WebUtility.HtmlEncode(status.Silo.Length > 0 ? status.Silo : "unassigned")).Append("</td></tr>\n");
            }
            html.Append("</tbody></table>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }
}
