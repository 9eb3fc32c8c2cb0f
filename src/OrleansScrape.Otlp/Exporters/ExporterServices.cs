using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansScrape.Otlp.Exporters;

/// <summary>What an exporter factory may need from its host to build a transport and its sender.</summary>
public sealed record ExporterServices
{
    /// <summary>An <see cref="System.Net.Http.HttpClient"/> for OTLP/HTTP; the exporter applies its own timeout, so the client should have none.</summary>
    public required Func<HttpClient> HttpClient { get; init; }

    /// <summary>Where the debug exporter writes.</summary>
    public TextWriter Console { get; init; } = System.Console.Out;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The host's services, for exporters that hand data to other parts of the silo; null outside a silo.</summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>Times retries, timeouts, batch flushes and file rotation.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
