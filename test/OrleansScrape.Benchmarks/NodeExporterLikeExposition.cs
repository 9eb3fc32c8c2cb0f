using System.Globalization;
using System.Text;

namespace OrleansScrape.Benchmarks;

/// <summary>
/// A synthetic exposition shaped like a node exporter's on a mid-size host: counters and gauges
/// with 1-3 labels, a few histograms and summaries, HELP and TYPE for every family; about 2,000
/// samples and 80 bytes per sample line, as real node exporter output has.
/// </summary>
public static class NodeExporterLikeExposition
{
    public static string Text(bool openMetrics = false)
    {
        var text = new StringBuilder();
        void Family(string name, string type, string help)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        }
        string V(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        var counterSuffix = "_total";

        Family("node_cpu_seconds", "counter", "Seconds the CPUs spent in each mode.");
        string[] modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
        for (var cpu = 0; cpu < 64; cpu++)
        {
            foreach (var mode in modes)
            {
                text.Append($"node_cpu_seconds{counterSuffix}{{cpu=\"{cpu}\",mode=\"{mode}\"}} {V(123456.78 + cpu * 17.3)}\n");
            }
        }
        string[] filesystemMetrics = ["avail_bytes", "device_error", "files", "files_free", "free_bytes", "readonly", "size_bytes"];
        foreach (var metric in filesystemMetrics)
        {
            Family($"node_filesystem_{metric}", "gauge", $"Filesystem {metric.Replace('_', ' ')}.");
            for (var fs = 0; fs < 32; fs++)
            {
                text.Append($"node_filesystem_{metric}{{device=\"/dev/nvme0n1p{fs}\",fstype=\"ext4\",mountpoint=\"/var/lib/kubelet/pods/{fs:x8}\"}} {V(1.0e9 + fs * 4096)}\n");
            }
        }
        string[] networkMetrics = ["receive_bytes", "receive_drop", "receive_errs", "receive_packets", "transmit_bytes", "transmit_drop", "transmit_errs", "transmit_packets"];
        foreach (var metric in networkMetrics)
        {
            Family($"node_network_{metric}", "counter", $"Network device statistic {metric}.");
            for (var device = 0; device < 96; device++)
            {
                text.Append($"node_network_{metric}{counterSuffix}{{device=\"veth{device:x6}\"}} {V(98765432.0 + device)}\n");
            }
        }
        string[] diskMetrics = ["io_time_seconds", "read_bytes", "read_time_seconds", "reads_completed", "write_time_seconds", "writes_completed", "written_bytes"];
        foreach (var metric in diskMetrics)
        {
            Family($"node_disk_{metric}", "counter", $"Disk statistic {metric}.");
            for (var disk = 0; disk < 24; disk++)
            {
                text.Append($"node_disk_{metric}{counterSuffix}{{device=\"nvme{disk}n1\"}} {V(5555.5 * (disk + 1))}\n");
            }
        }
        Family("node_schedstat_running_seconds", "counter", "Seconds spent running a process.");
        for (var cpu = 0; cpu < 64; cpu++)
        {
            text.Append($"node_schedstat_running_seconds{counterSuffix}{{cpu=\"{cpu}\"}} {V(4242.42 + cpu)}\n");
        }
        for (var i = 0; i < 200; i++)
        {
            Family($"node_vmstat_metric_{i}", openMetrics ? "unknown" : "untyped", "/proc/vmstat information.");
            text.Append($"node_vmstat_metric_{i} {V(i * 1000.0)}\n");
        }
        Family("go_gc_duration_seconds", "summary", "A summary of the pause duration of garbage collection cycles.");
        foreach (var q in new[] { "0", "0.25", "0.5", "0.75", "1" })
        {
            text.Append($"go_gc_duration_seconds{{quantile=\"{q}\"}} 2.1e-05\n");
        }
        text.Append("go_gc_duration_seconds_sum 0.125\ngo_gc_duration_seconds_count 4242\n");
        Family("http_request_duration_seconds", "histogram", "Latency of the exporter's handler.");
        foreach (var code in new[] { "200", "500" })
        {
            var cumulative = 0;
            foreach (var le in new[] { "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf" })
            {
                cumulative += 7;
                text.Append($"http_request_duration_seconds_bucket{{code=\"{code}\",le=\"{le}\"}} {cumulative}\n");
            }
            text.Append($"http_request_duration_seconds_sum{{code=\"{code}\"}} 12.5\nhttp_request_duration_seconds_count{{code=\"{code}\"}} {cumulative}\n");
        }
        if (openMetrics)
        {
            text.Append("# EOF\n");
        }
        return text.ToString();
    }

    public static int CountSamples(string text) =>
        text.Split('\n').Count(line => line.Length > 0 && line[0] != '#');
}
