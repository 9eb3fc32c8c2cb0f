using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansScrape.Hosting.Extensions.HealthCheck;

public static class HealthCheckServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <c>health_check</c> extension (its own listener; call once per id, e.g. <c>health_check</c>
    /// and <c>health_check/a</c>). Its status follows <see cref="IPipelineHealth"/>;
    /// <see cref="HostLifetimePipelineHealth"/> is registered unless the host registers its own. The
    /// server is also registered keyed by <paramref name="id"/> (<see cref="HealthCheckServer.Port"/>).
    /// </summary>
    public static IServiceCollection AddHealthCheckExtension(this IServiceCollection services, string id, HealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"extensions.{id}: {string.Join("; ", problems)}", nameof(options));
        }
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(HealthCheckServer) && Equals(d.ServiceKey, id)))
        {
            throw new ArgumentException($"a health_check extension with id \"{id}\" is already added", nameof(id));
        }
        services.TryAddSingleton<IPipelineHealth, HostLifetimePipelineHealth>();
        services.AddKeyedSingleton(id, (provider, _) => new HealthCheckServer(
            id,
            options,
            provider.GetRequiredService<IPipelineHealth>(),
            provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<ILogger<HealthCheckServer>>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredKeyedService<HealthCheckServer>(id));
        return services;
    }
}
