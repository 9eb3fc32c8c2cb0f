using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScrape.Hosting.Configuration;
using OrleansScrape.Otlp.Receivers;

namespace OrleansScrape.Hosting.OtlpReceiver;

public static class OtlpReceiverExtensions
{
    /// <summary>
    /// Adds an OTLP receiver to a silo: once the silo is active, a gateway (or all-role) silo opens
    /// OTLP/gRPC and OTLP/HTTP on the endpoints of <paramref name="options"/> and pushes what it
    /// receives to the series grains of each of <paramref name="pipelines"/>. Call after
    /// <see cref="OrleansScrapeSiloBuilderExtensions.AddOrleansScrape"/>, whose settings give the silo's role.
    /// </summary>
    public static ISiloBuilder AddOtlpReceiver(this ISiloBuilder silo, string id, OtlpReceiverOptions options, IReadOnlyList<string> pipelines)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"receivers.{id}: {string.Join("; ", problems)}", nameof(options));
        }
        // One server per receiver and silo, reachable as a service (all of them: GetServices) and run by the silo's lifecycle.
        OtlpReceiverServer? server = null;
        var gate = new Lock();
        OtlpReceiverServer Server(IServiceProvider provider)
        {
            lock (gate)
            {
                return server ??= new OtlpReceiverServer(
                    options,
                    new OtlpMetricsReceiver(new GrainOtlpMetricsConsumer(provider.GetRequiredService<OrleansScrape.Grains.Series.SeriesRouter>(), pipelines)),
                    provider.GetService<OrleansScrapeSettings>()?.Orleans.Role,
                    provider.GetRequiredService<ILogger<OtlpReceiverServer>>());
            }
        }
        silo.Services.AddSingleton(Server);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(Server);
        return silo;
    }

    /// <summary>
    /// Registers what <see cref="MapOtlpReceiver"/> needs in a web application's services: gRPC and
    /// the receiver's handlers, around <paramref name="receiver"/>.
    /// </summary>
    public static IServiceCollection AddOtlpReceiverEndpoints(this IServiceCollection services, OtlpMetricsReceiver receiver)
    {
        services.AddGrpc(o => o.MaxReceiveMessageSize = OtlpHttpMetricsHandler.MaxBodyBytes);
        services.AddSingleton(receiver);
        services.AddSingleton(new OtlpHttpMetricsHandler(receiver));
        services.AddSingleton(new OtlpGrpcMetricsService(receiver));
        return services;
    }

    /// <summary>
    /// Maps OTLP/gRPC <c>MetricsService/Export</c> and OTLP/HTTP <c>POST /v1/metrics</c>. Needs
    /// <see cref="AddOtlpReceiverEndpoints"/>; <see cref="AddOtlpReceiver"/> does both on its own server.
    /// </summary>
    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<OtlpGrpcMetricsService>();
        endpoints.MapPost(OtlpHttpMetricsHandler.Path, static async context =>
        {
            var handler = context.RequestServices.GetRequiredService<OtlpHttpMetricsHandler>();
            var response = await handler.HandleAsync(
                context.Request.ContentType, context.Request.Headers.ContentEncoding.ToString(), context.Request.Body, context.RequestAborted);
            context.Response.StatusCode = response.StatusCode;
            context.Response.ContentType = response.ContentType;
            if (response.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = "1";
            }
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
        });
        return endpoints;
    }
}
