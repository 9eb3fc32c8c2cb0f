using System.Diagnostics;
using System.Text.Json.Nodes;
using OrleansScrape.Kubernetes.Discovery;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Testing;

namespace OrleansScrape.Benchmarks;

/// <summary>
/// <c>--k8s-discovery</c>: 20,000 pods in 200 namespaces served by the in-process fake API server; measures the time
/// from start to the full target set and the managed memory the discoverer retains (GC.GetTotalMemory after full
/// collections, before and after), for one all-namespace watch, 200 namespaced watches, and a metadata filter that
/// keeps only the labels a typical job references.
/// </summary>
public static class KubernetesDiscoveryMeasurement
{
    private const int Namespaces = 200;
    private const int PodsPerNamespace = 100;

    /// <summary><c>--k8s-api-server</c>: the fake API server with the pods, in a process of its own so its memory is not measured.</summary>
    public static async Task ServeAsync()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        for (var n = 0; n < Namespaces; n++)
        {
            server.AddRange("/api/v1/pods", Enumerable.Range(0, PodsPerNamespace).Select(p => Pod($"team-{n:D3}", $"app-{p % 10}-{n}-{p}", n, p)));
        }
        Console.WriteLine(server.BaseAddress.AbsoluteUri);
        // Serves until the measuring process closes stdin.
        await Console.In.ReadToEndAsync();
    }

    public static async Task RunAsync()
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(KubernetesDiscoveryMeasurement).Assembly.Location);
        }
        start.ArgumentList.Add("--k8s-api-server");
        using var serverProcess = Process.Start(start)!;
        try
        {
            var url = await serverProcess.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the API server process did not start");
            await MeasureAllAsync(url);
        }
        finally
        {
            serverProcess.StandardInput.Close();
            if (!serverProcess.WaitForExit(10_000))
            {
                serverProcess.Kill();
            }
        }
    }

    private static async Task MeasureAllAsync(string url)
    {
        Console.WriteLine($"pods: {Namespaces * PodsPerNamespace} in {Namespaces} namespaces, served by a fake API server in another process");
        Console.WriteLine("| mode | watches | targets | time to full target set | discoverer CPU | retained managed memory | per pod |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        var config = new KubernetesSdConfig { Role = KubernetesSdRole.Pod, ApiServer = url };
        var names = Enumerable.Range(0, Namespaces).Select(n => $"team-{n:D3}").ToList();
        // A typical job keeps or maps only a few pod labels and annotations.
        var typical = new MetadataFilter("typical", name => name.EndsWith("_label_app", StringComparison.Ordinal) || name.EndsWith("_label_team", StringComparison.Ordinal) || name.Contains("_annotation_prometheus_io_", StringComparison.Ordinal));
        // One unmeasured round warms up the JIT, the server and the thread pool.
        await MeasureAsync("warm-up", config, MetadataFilter.All, print: false);
        await MeasureAsync("all namespaces, all metadata", config, MetadataFilter.All);
        await MeasureAsync("200 namespaces listed, all metadata", config with { Namespaces = names }, MetadataFilter.All);
        await MeasureAsync("all namespaces, metadata filter", config, typical);
    }

    private static async Task MeasureAsync(string mode, KubernetesSdConfig config, MetadataFilter filter, bool print = true)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var pool = new KubernetesWatchPool();
        var discoverer = new KubernetesSdDiscoverer(config, pool, filter);
        await discoverer.StartAsync(CancellationToken.None);
        var targets = discoverer.Current.Sum(g => g.Targets.Count);
        var elapsed = stopwatch.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        if (print)
        {
            var pods = Namespaces * PodsPerNamespace;
            Console.WriteLine($"| {mode} | {pool.WatchCount} | {targets} | {elapsed.TotalSeconds:F2} s | {cpu.TotalSeconds:F2} s | {(after - before) / 1048576.0:F1} MiB | {(after - before) / pods} B |");
        }
        GC.KeepAlive(discoverer);
        discoverer.Dispose();
        pool.Dispose();
        // Let the cancelled watch loops finish so that the next measurement starts from a clean heap.
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    // A Deployment's pod as the API server serves it: labels, a few annotations, owner, two containers, status.
    private static JsonObject Pod(string ns, string name, int n, int p) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { ["app"] = $"app-{p % 10}", ["team"] = ns, ["pod-template-hash"] = $"5d9f{p % 10}c7b8", ["version"] = "v1.4.2" },
            ["annotations"] = new JsonObject
            {
                ["prometheus.io/scrape"] = "true",
                ["prometheus.io/port"] = "9090",
                ["kubectl.kubernetes.io/restartedAt"] = "2026-01-01T00:00:00Z",
            },
            ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = $"app-{p % 10}-5d9f{p % 10}c7b8", ["controller"] = true }),
        },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = $"node-{(n * PodsPerNamespace + p) % 500}",
            ["containers"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = $"registry.example/app-{p % 10}:1.4.2",
                    ["ports"] = new JsonArray(
                        new JsonObject { ["name"] = "http", ["containerPort"] = 8080, ["protocol"] = "TCP" },
                        new JsonObject { ["name"] = "metrics", ["containerPort"] = 9090, ["protocol"] = "TCP" }),
                },
                new JsonObject { ["name"] = "sidecar", ["image"] = "registry.example/proxy:2.0" }),
        },
        ["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["podIP"] = $"10.{n / 250}.{n % 250}.{p + 1}",
            ["hostIP"] = $"192.168.{(n * PodsPerNamespace + p) % 500 / 250}.{(n * PodsPerNamespace + p) % 250}",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            ["containerStatuses"] = new JsonArray(
                new JsonObject { ["name"] = "app", ["containerID"] = $"containerd://{Guid.NewGuid():N}" },
                new JsonObject { ["name"] = "sidecar", ["containerID"] = $"containerd://{Guid.NewGuid():N}" }),
        },
    };
}
