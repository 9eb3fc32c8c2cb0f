using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Proto.Rpc;

namespace OrleansScrape.Otlp.Receivers;

/// <summary>An HTTP answer of <see cref="OtlpHttpMetricsHandler"/>, independent of the web framework.</summary>
public sealed record OtlpHttpResponse(int StatusCode, string ContentType, byte[] Body);

/// <summary>
/// OTLP/HTTP for metrics (<c>POST /v1/metrics</c>) without a web framework: the body in
/// <c>application/x-protobuf</c> or <c>application/json</c> (OTLP/JSON: hex trace and span ids,
/// unknown fields ignored), optionally <c>Content-Encoding: gzip</c>. Answers 200 with an
/// <c>ExportMetricsServiceResponse</c> in the request's encoding, 400 for a body that does not
/// decode, 415 for another content type or encoding, 503 when the consumer failed; error
/// answers carry a <c>google.rpc.Status</c>.
/// </summary>
public sealed class OtlpHttpMetricsHandler
{
    public const string Path = "/v1/metrics";
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";

    /// <summary>The most a (decompressed) body may hold: 64 MiB.</summary>
    public const int MaxBodyBytes = 64 * 1024 * 1024;

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    private readonly OtlpMetricsReceiver _receiver;

    public OtlpHttpMetricsHandler(OtlpMetricsReceiver receiver)
    {
        _receiver = receiver ?? throw new ArgumentNullException(nameof(receiver));
    }

    public async Task<OtlpHttpResponse> HandleAsync(string? contentType, string? contentEncoding, Stream body, CancellationToken cancellationToken)
    {
        var json = MediaType(contentType) switch
        {
            ProtobufContentType => false,
            JsonContentType => true,
            _ => (bool?)null,
        };
        if (json is not { } isJson)
        {
            return Error(false, 415, 3, $"unsupported content type \"{contentType}\"; use {ProtobufContentType} or {JsonContentType}");
        }
        var encoding = contentEncoding?.Trim().ToLowerInvariant();
        if (encoding is not (null or "" or "identity" or "gzip"))
        {
            return Error(isJson, 415, 3, $"unsupported content encoding \"{contentEncoding}\"; use gzip or none");
        }

        ExportMetricsServiceRequest request;
        try
        {
            var bytes = await ReadBodyAsync(encoding == "gzip" ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : body, cancellationToken).ConfigureAwait(false);
            request = isJson ? ParseJson(bytes) : ExportMetricsServiceRequest.Parser.ParseFrom(bytes);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException or JsonException or InvalidJsonException or FormatException or InvalidOperationException or BodyTooLargeException)
        {
            return Error(isJson, 400, 3, $"the body is not an OTLP metrics export request: {e.Message}");
        }

        try
        {
            var response = await _receiver.ExportAsync(request, OtlpReceiverTelemetry.Http, cancellationToken).ConfigureAwait(false);
            return isJson
                ? new OtlpHttpResponse(200, JsonContentType, Encoding.UTF8.GetBytes(Formatter.Format(response)))
                : new OtlpHttpResponse(200, ProtobufContentType, response.ToByteArray());
        }
        catch (OtlpReceiverUnavailableException e)
        {
            return Error(isJson, 503, 14, e.Message);
        }
    }

    /// <summary>
    /// Parses OTLP/JSON. Unlike proto3 JSON, OTLP/JSON writes trace and span ids in hex, so they
    /// are turned into base64 before Google.Protobuf's parser sees them.
    /// </summary>
    public static ExportMetricsServiceRequest ParseJson(ReadOnlySpan<byte> utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        if (text.Contains("traceId", StringComparison.Ordinal) || text.Contains("spanId", StringComparison.Ordinal)
            || text.Contains("trace_id", StringComparison.Ordinal) || text.Contains("span_id", StringComparison.Ordinal))
        {
            var node = JsonNode.Parse(text) ?? throw new FormatException("the body is JSON null");
            HexIdsToBase64(node);
            text = node.ToJsonString();
        }
        return Parser.Parse<ExportMetricsServiceRequest>(text);
    }

    private static void HexIdsToBase64(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key is "traceId" or "trace_id" or "spanId" or "span_id"
                        && value is JsonValue v && v.TryGetValue<string>(out var hex) && IsHexId(hex))
                    {
                        obj[key] = Convert.ToBase64String(Convert.FromHexString(hex));
                    }
                    else if (value is not null)
                    {
                        HexIdsToBase64(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        HexIdsToBase64(item);
                    }
                }
                break;
        }
    }

    // Hex is what OTLP/JSON specifies; a 16- or 32-digit value is taken as hex even if it could be base64.
    private static bool IsHexId(string text) =>
        text.Length is 16 or 32 && text.All(char.IsAsciiHexDigit);

    private static string? MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }
        var semicolon = contentType.IndexOf(';');
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BodyTooLargeException();
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static OtlpHttpResponse Error(bool json, int httpStatus, int rpcCode, string message)
    {
        var status = new Status { Code = rpcCode, Message = message };
        return json
            ? new OtlpHttpResponse(httpStatus, JsonContentType, Encoding.UTF8.GetBytes(Formatter.Format(status)))
            : new OtlpHttpResponse(httpStatus, ProtobufContentType, status.ToByteArray());
    }

    private sealed class BodyTooLargeException() : Exception($"the body holds more than {MaxBodyBytes} bytes");
}
