namespace OrleansScrape.Hosting.Extensions.HealthCheck;

/// <summary>
/// Whether OrleansScrape's pipelines are running, as the <c>health_check</c> extension reports it:
/// 200 while true, 503 otherwise. <see cref="HostLifetimePipelineHealth"/> is registered when the
/// host provides none; register another to base health on the silo and the export pipeline.
/// </summary>
public interface IPipelineHealth
{
    bool IsRunning { get; }
}
