using Microsoft.Extensions.Hosting;
using OrleansScrape.Otlp.Pipeline;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>Runs the silo's export pipeline for the host's lifetime and drains it on shutdown.</summary>
internal sealed class ExportPipelineService : IHostedService
{
    private readonly ExportPipeline _pipeline;

    public ExportPipelineService(ExportPipeline pipeline)
    {
        _pipeline = pipeline;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _pipeline.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _pipeline.StopAsync(cancellationToken);
}
