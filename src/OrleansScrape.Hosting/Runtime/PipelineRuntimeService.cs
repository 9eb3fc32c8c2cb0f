using Microsoft.Extensions.Hosting;

namespace OrleansScrape.Hosting.Runtime;

/// <summary>
/// Runs the silo's pipelines' deliveries for the host's lifetime and drains them on shutdown. A
/// delivery whose queue is on disk drains for a few seconds at most: what it has not sent by then
/// stays in its directory for the next start instead of holding up the shutdown while a backend is down.
/// </summary>
internal sealed class PipelineRuntimeService : IHostedService
{
    private static readonly TimeSpan PersistentDrain = TimeSpan.FromSeconds(5);

    private readonly PipelineRuntime _runtime;

    public PipelineRuntimeService(PipelineRuntime runtime)
    {
        _runtime = runtime;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _runtime.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_runtime.IsPersistent)
        {
            drain.CancelAfter(PersistentDrain);
        }
        await _runtime.StopAsync(drain.Token);
    }
}
