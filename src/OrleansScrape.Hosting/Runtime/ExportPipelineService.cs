using Microsoft.Extensions.Hosting;
using OrleansScrape.Otlp.Pipeline;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>
/// Runs the silo's export pipeline for the host's lifetime and drains it on shutdown. A pipeline
/// whose queue is on disk drains for a few seconds at most: what it has not sent by then stays in
/// its directory for the next start instead of holding up the shutdown while a backend is down.
/// </summary>
internal sealed class ExportPipelineService : IHostedService
{
    private static readonly TimeSpan PersistentDrain = TimeSpan.FromSeconds(5);

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

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_pipeline.IsPersistent)
        {
            await _pipeline.StopAsync(cancellationToken);
            return;
        }
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(PersistentDrain);
        await _pipeline.StopAsync(drain.Token);
    }
}
