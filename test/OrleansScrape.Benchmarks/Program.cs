using BenchmarkDotNet.Running;
using OrleansScrape.Benchmarks;

// dotnet run -c Release --project test/OrleansScrape.Benchmarks -- --filter '*'
// dotnet run -c Release --project test/OrleansScrape.Benchmarks -- --k8s-discovery
if (args is ["--k8s-discovery"])
{
    await KubernetesDiscoveryMeasurement.RunAsync();
    return;
}
if (args is ["--k8s-api-server"])
{
    await KubernetesDiscoveryMeasurement.ServeAsync();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
