using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Proto.Rpc;
using OrleansScrape.Otlp.Telemetry;

namespace OrleansScrape.Otlp.Exporters.OtlpHttp;

/// <summary>
/// Sends metrics as binary protobuf (or JSON) over OTLP/HTTP, like the Collector's <c>otlp_http</c>
/// exporter. Built by <see cref="OtlpHttpExporterFactory"/> it is a transport only (its options carry
/// no limits: the <see cref="Helper.ExporterSender"/> shapes and splits); built with
/// <see cref="OtlpHttpExporterOptions.Limits"/> it shapes and splits requests itself, for a caller
/// that sends through it without a sender.
/// </summary>
public sealed class OtlpHttpExporter : IMetricsExporter
{
    public const string ProtobufMediaType = "application/x-protobuf";
    public const string JsonMediaType = "application/json";

    private const string MetricsPath = "v1/metrics";
    private const int ErrorSnippetLength = 256;
    // A partial-success answer is a few bytes; more than this is not one.
    private const int MaxSuccessBodyBytes = 1 << 20;
    private const int MaxErrorBodyBytes = 16 << 10;

    private readonly HttpClient _httpClient;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly OtlpCompression _compression;
    private readonly OtlpEncoding _encoding;
    private readonly TimeSpan _timeout;
    private readonly BackendLimits _limits;
    // Parts of a split request already delivered, by request: a retry of the same request sends only the rest.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<MetricBatch>, SplitProgress> _progress = new();
    private long _rejectedPoints;

    public OtlpHttpExporter(string name, OtlpHttpExporterOptions options, HttpClient httpClient)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Exporter '{name}' is misconfigured: {string.Join(" ", problems)}", nameof(options));
        }
        Name = name;
        _httpClient = httpClient;
        // Copied so later changes to the options object do not change a running exporter.
        _headers = options.Headers.ToArray();
        _compression = options.Compression;
        _encoding = options.Encoding;
        _timeout = options.Timeout;
        _limits = options.Limits;
        MetricsUri = BuildMetricsUri(options.Endpoint!);
    }

    public string Name { get; }

    /// <summary>The URL every export is posted to.</summary>
    public Uri MetricsUri { get; }

    /// <summary>Points the receiver reported as rejected in partial-success answers.</summary>
    public long RejectedPoints => Interlocked.Read(ref _rejectedPoints);

    /// <summary>Appends <c>/v1/metrics</c> to the endpoint's path, keeping its query.</summary>
    public static Uri BuildMetricsUri(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var builder = new UriBuilder(endpoint);
        var path = builder.Path;
        builder.Path = path.EndsWith('/') ? path + MetricsPath : path + "/" + MetricsPath;
        return builder.Uri;
    }

    public async Task ExportAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (!_limits.ShapesBatches && _limits.MaxRequestBytes <= 0)
        {
            // Nothing to fit (an ExporterSender shapes and splits before its transport): encode and send.
            await SendAsync(OtlpRequestEncoder.Encode(batches), cancellationToken).ConfigureAwait(false);
            return;
        }
        var progress = _progress.GetValue(batches, static _ => new SplitProgress());
        var shaped = RequestShaper.Shape(batches, _limits, out var droppedAttributes);
        if (droppedAttributes > 0 && !progress.AttributesCounted)
        {
            progress.AttributesCounted = true;
            ExporterTelemetry.RecordDroppedAttributes(Name, droppedAttributes);
        }
        var request = OtlpRequestEncoder.Encode(shaped);
        if (_limits.MaxRequestBytes <= 0 || request.CalculateSize() <= _limits.MaxRequestBytes)
        {
            await SendAsync(request, cancellationToken).ConfigureAwait(false);
            return;
        }
        var parts = RequestShaper.SplitBySize(shaped, _limits.MaxRequestBytes, part => OtlpRequestEncoder.Encode(part).CalculateSize());
        for (var i = progress.Delivered; i < parts.Count; i++)
        {
            await SendAsync(OtlpRequestEncoder.Encode(parts[i]), cancellationToken).ConfigureAwait(false);
            progress.Delivered = i + 1;
        }
    }

    private async Task SendAsync(ExportMetricsServiceRequest message, CancellationToken cancellationToken)
    {
        var body = Serialize(message);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var request = CreateRequest(body);
        try
        {
            using var response = await _httpClient
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            await HandleResponseAsync(response, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExportFailedException(
                $"{Name}: no answer from {MetricsUri} within {_timeout.TotalSeconds:0.###} s.", isRetryable: true, innerException: exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw new ExportFailedException(
                $"{Name}: sending to {MetricsUri} failed: {exception.Message}", isRetryable: true, innerException: exception);
        }
    }

    private ByteArrayContent Serialize(ExportMetricsServiceRequest message)
    {
        var json = _encoding == OtlpEncoding.Json;
        ByteArrayContent content;
        if (_compression == OtlpCompression.Gzip)
        {
            var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                if (json)
                {
                    gzip.Write(System.Text.Encoding.UTF8.GetBytes(OtlpJsonEncoder.ToJson(message)));
                }
                else
                {
                    message.WriteTo(gzip);
                }
            }
            content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
            content.Headers.ContentEncoding.Add("gzip");
        }
        else
        {
            content = new ByteArrayContent(json ? System.Text.Encoding.UTF8.GetBytes(OtlpJsonEncoder.ToJson(message)) : message.ToByteArray());
        }
        content.Headers.ContentType = new MediaTypeHeaderValue(json ? JsonMediaType : ProtobufMediaType);
        return content;
    }

    private HttpRequestMessage CreateRequest(ByteArrayContent body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, MetricsUri) { Content = body };
        foreach (var (name, value) in _headers)
        {
            // Content headers such as Content-Language are refused on the request and belong on the body.
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                body.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return request;
    }

    private async Task HandleResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            await RecordPartialSuccessAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return;
        }

        var detail = await ReadErrorDetailAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var message = $"{Name}: {MetricsUri} answered {status} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : string.Empty)}";
        // The statuses OTLP/HTTP names as "try again later".
        var retryable = status is 429 or 502 or 503 or 504;
        throw new ExportFailedException(message, retryable, retryable ? RetryAfterOf(response) : null);
    }

    private async Task RecordPartialSuccessAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var json = string.Equals(content.Headers.ContentType?.MediaType, JsonMediaType, StringComparison.OrdinalIgnoreCase);
        if (!IsProtobuf(content) && !json)
        {
            return;
        }
        // The points were accepted (2xx) whatever happens to the answer's body from here on.
        var body = await TryReadBoundedAsync(content, MaxSuccessBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null || body.Length == 0)
        {
            return;
        }
        ExportMetricsServiceResponse answer;
        try
        {
            answer = json
                ? new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(true)).Parse<ExportMetricsServiceResponse>(System.Text.Encoding.UTF8.GetString(body))
                : ExportMetricsServiceResponse.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            return;
        }
        var rejected = answer.PartialSuccess?.RejectedDataPoints ?? 0;
        if (rejected > 0)
        {
            Interlocked.Add(ref _rejectedPoints, rejected);
            ExporterTelemetry.RecordRejected(Name, rejected);
        }
    }

    private static async Task<string> ReadErrorDetailAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // The status alone decides the outcome; the body only explains it.
        var body = await TryReadBoundedAsync(content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return "(body unreadable)";
        }
        if (body.Length == 0)
        {
            return string.Empty;
        }
        if (IsProtobuf(content))
        {
            try
            {
                return Snippet(Status.Parser.ParseFrom(body).Message);
            }
            catch (InvalidProtocolBufferException)
            {
                return $"({body.Length} bytes of unreadable protobuf)";
            }
        }
        return Snippet(Encoding.UTF8.GetString(body));
    }

    private static string Snippet(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, ErrorSnippetLength + 1));
        foreach (var c in text)
        {
            if (builder.Length == ErrorSnippetLength)
            {
                builder.Append('…');
                break;
            }
            // Keeps the message on one log line.
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString().Trim();
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (retryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static bool IsProtobuf(HttpContent content) =>
        string.Equals(content.Headers.ContentType?.MediaType, ProtobufMediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Up to <paramref name="maxBytes"/> of the body, or null when reading it failed or timed out.</summary>
    private static async Task<byte[]?> TryReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadBoundedAsync(content, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(maxBytes, 4096)];
            var length = 0;
            while (length < maxBytes)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Min(maxBytes, buffer.Length * 2));
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
            return buffer.AsSpan(0, length).ToArray();
        }
    }

    private sealed class SplitProgress
    {
        public int Delivered;
        public bool AttributesCounted;
    }
}
