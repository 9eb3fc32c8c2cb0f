namespace OrleansScrape.Prometheus.Tests.Translation;

/// <summary>A scrape body shaped like node_exporter output: several families of every type.</summary>
public static class NodeExporterExposition
{
    public const int SampleLines = 46;
    public const int SummarySampleLines = 7;
    public const int HistogramSampleLines = 6;

    public const string Body = """
        # HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.
        # TYPE go_gc_duration_seconds summary
        go_gc_duration_seconds{quantile="0"} 2.2341e-05
        go_gc_duration_seconds{quantile="0.25"} 3.3782e-05
        go_gc_duration_seconds{quantile="0.5"} 4.0161e-05
        go_gc_duration_seconds{quantile="0.75"} 5.5124e-05
        go_gc_duration_seconds{quantile="1"} 0.000289336
        go_gc_duration_seconds_sum 0.046113471
        go_gc_duration_seconds_count 927
        # HELP go_goroutines Number of goroutines that currently exist.
        # TYPE go_goroutines gauge
        go_goroutines 8
        # HELP node_boot_time_seconds Node boot time, in unixtime.
        # TYPE node_boot_time_seconds gauge
        node_boot_time_seconds 1.699854337e+09
        # HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
        # TYPE node_cpu_seconds_total counter
        node_cpu_seconds_total{cpu="0",mode="idle"} 2.48823106e+06
        node_cpu_seconds_total{cpu="0",mode="iowait"} 1203.53
        node_cpu_seconds_total{cpu="0",mode="system"} 8812.08
        node_cpu_seconds_total{cpu="0",mode="user"} 22015.79
        node_cpu_seconds_total{cpu="1",mode="idle"} 2.48912377e+06
        node_cpu_seconds_total{cpu="1",mode="iowait"} 1177.2
        node_cpu_seconds_total{cpu="1",mode="system"} 8790.43
        node_cpu_seconds_total{cpu="1",mode="user"} 21874.06
        # HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
        # TYPE node_filesystem_avail_bytes gauge
        node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 3.1337062e+10
        node_filesystem_avail_bytes{device="/dev/sdb1",fstype="xfs",mountpoint="/var/lib/data"} 8.59504992256e+11
        node_filesystem_avail_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1.6618496e+09
        # HELP node_load1 1m load average.
        # TYPE node_load1 gauge
        node_load1 0.52
        # HELP node_memory_MemAvailable_bytes Memory information field MemAvailable_bytes.
        # TYPE node_memory_MemAvailable_bytes gauge
        node_memory_MemAvailable_bytes 1.1848589312e+10
        # HELP node_network_receive_bytes_total Network device statistic receive_bytes.
        # TYPE node_network_receive_bytes_total counter
        node_network_receive_bytes_total{device="eth0"} 9.8765432101e+10
        node_network_receive_bytes_total{device="lo"} 1.234567e+07
        node_network_receive_bytes_total{device="docker0"} 0
        # HELP node_scrape_collector_duration_seconds node_exporter: Duration of a collector scrape.
        # TYPE node_scrape_collector_duration_seconds gauge
        node_scrape_collector_duration_seconds{collector="cpu"} 0.000512365
        node_scrape_collector_duration_seconds{collector="filesystem"} 0.002101283
        node_scrape_collector_duration_seconds{collector="netdev"} 0.000610148
        # HELP node_scrape_collector_success node_exporter: Whether a collector succeeded.
        # TYPE node_scrape_collector_success gauge
        node_scrape_collector_success{collector="cpu"} 1
        node_scrape_collector_success{collector="filesystem"} 1
        node_scrape_collector_success{collector="netdev"} 1
        # HELP node_exporter_build_info A metric with a constant '1' value labeled by version, revision, branch, goversion from which node_exporter was built, and the goos and goarch for the build.
        # TYPE node_exporter_build_info gauge
        node_exporter_build_info{branch="HEAD",goarch="amd64",goos="linux",goversion="go1.22.5",revision="c9c8e7d0",tags="unknown",version="1.8.2"} 1
        # HELP node_textfile_scrape_error 1 if there was an error opening or reading a file, 0 otherwise
        # TYPE node_textfile_scrape_error gauge
        node_textfile_scrape_error 0
        # HELP promhttp_metric_handler_errors_total Total number of internal errors encountered by the promhttp metric handler.
        # TYPE promhttp_metric_handler_errors_total counter
        promhttp_metric_handler_errors_total{cause="encoding"} 0
        promhttp_metric_handler_errors_total{cause="gathering"} 0
        # HELP promhttp_metric_handler_requests_total Total number of scrapes by HTTP status code.
        # TYPE promhttp_metric_handler_requests_total counter
        promhttp_metric_handler_requests_total{code="200"} 46215
        promhttp_metric_handler_requests_total{code="500"} 0
        promhttp_metric_handler_requests_total{code="503"} 0
        # HELP node_disk_io_duration_seconds Time spent on I/O, bucketed.
        # TYPE node_disk_io_duration_seconds histogram
        node_disk_io_duration_seconds_bucket{device="sda",le="0.001"} 1204
        node_disk_io_duration_seconds_bucket{device="sda",le="0.01"} 1931
        node_disk_io_duration_seconds_bucket{device="sda",le="0.1"} 2002
        node_disk_io_duration_seconds_bucket{device="sda",le="+Inf"} 2010
        node_disk_io_duration_seconds_sum{device="sda"} 4.318
        node_disk_io_duration_seconds_count{device="sda"} 2010
        # A textfile collector value without metadata.
        custom_backup_last_success_timestamp{job="backup",instance="db-1",target="pg"} 1.7e+09
        custom_backup_last_success_timestamp{job="backup",instance="db-2",target="pg"} 1.69e+09
        """;
}
