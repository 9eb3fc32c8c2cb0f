using BenchmarkDotNet.Running;

// dotnet run -c Release --project test/OrleansScrape.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
