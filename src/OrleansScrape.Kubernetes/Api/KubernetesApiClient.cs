using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansScrape.Prometheus.Discovery;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Kubernetes.Api;

/// <summary>
/// A connection to one Kubernetes API server: base address, credentials and TLS. Speaks the REST protocol
/// directly over <see cref="HttpClient"/> (single GET, paged LIST, WATCH streams) so that list/watch semantics are
/// exactly what <see cref="ResourceWatcher{T}"/> implements. Thread-safe; one instance serves many watchers.
/// </summary>
public sealed class KubernetesApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client for <paramref name="baseAddress"/> with an optional bearer token (tests, CRD discovery).</summary>
    public KubernetesApiClient(Uri baseAddress, string? bearerToken = null, HttpMessageHandler? handler = null)
        : this(baseAddress, CreateHttpClient(handler ?? new SocketsHttpHandler(), bearerToken), ownsHttp: true, connectionKey: $"{baseAddress}|{(bearerToken is null ? "" : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(bearerToken))))}")
    {
    }

    private KubernetesApiClient(Uri baseAddress, HttpClient http, bool ownsHttp, string connectionKey)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _http = http;
        _ownsHttp = ownsHttp;
        ConnectionKey = connectionKey;
    }

    /// <summary>The API server's base URL, ending with '/'.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Identifies the server and credentials, so that watches over the same connection can be shared.</summary>
    public string ConnectionKey { get; }

    /// <summary>
    /// A client for the connection a <c>kubernetes_sd_configs</c> entry describes: <c>api_server</c> with the entry's
    /// HTTP client settings, else <c>kubeconfig_file</c>, else the in-cluster service account.
    /// </summary>
    /// <exception cref="InvalidOperationException">The kubeconfig or the in-cluster credentials cannot be read.</exception>
    public static KubernetesApiClient Create(KubernetesSdConfig config) => Create(KubernetesConnection.From(config));

    /// <summary>A client for a resolved connection description.</summary>
    public static KubernetesApiClient Create(KubernetesConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var handler = ScrapeHttpHandlerFactory.Create(connection.HttpClient);
        var http = CreateHttpClient(handler, bearerToken: null);
        return new KubernetesApiClient(connection.Server, http, ownsHttp: true, connection.Key);
    }

    /// <summary>GETs one object (e.g. <c>/api/v1/namespaces/ns/secrets/name</c>); null when it does not exist (404).</summary>
    /// <exception cref="KubernetesApiException">Any other error status.</exception>
    public async Task<JsonElement?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Sends a write (POST create, PUT replace, DELETE) of one object with a JSON body, or none. Answers the status and
    /// the body the server returned (the object written, or a Status); the caller decides which statuses are failures,
    /// e.g. 409 for an optimistic-concurrency conflict.
    /// </summary>
    public async Task<KubernetesApiResponse> SendJsonAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path.TrimStart('/')));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement? body = null;
        if (text.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                body = document.RootElement.Clone();
            }
            catch (JsonException)
            {
            }
        }
        return new KubernetesApiResponse(response.StatusCode, body, response.IsSuccessStatusCode ? "" : $"{(int)response.StatusCode} {response.ReasonPhrase}: {StatusMessage(text)}");
    }

    /// <summary>Sends a GET for a path relative to the server (a leading '/' is allowed) with its query.</summary>
    internal Task<HttpResponseMessage> SendAsync(string pathAndQuery, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, pathAndQuery.TrimStart('/')));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return _http.SendAsync(request, completion, cancellationToken);
    }

    /// <summary>Throws <see cref="KubernetesApiException"/> with the API's Status message for a non-success response.</summary>
    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new KubernetesApiException(response.StatusCode, $"{(int)response.StatusCode} {response.ReasonPhrase}: {StatusMessage(text)}");
    }

    /// <summary>The <c>message</c> of a Kubernetes Status object, or the text itself (shortened) when it is not one.</summary>
    internal static string StatusMessage(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (JsonException)
        {
        }
        return text.Length > 200 ? text[..200] : text;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient CreateHttpClient(HttpMessageHandler handler, string? bearerToken)
    {
        // Watches are long-lived streams: timeouts are per call (cancellation), never the client's.
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("orleans-scrape");
        if (!string.IsNullOrEmpty(bearerToken))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
        return http;
    }

    internal static string Escape(string value) => Uri.EscapeDataString(value);

}

/// <summary>The answer to a write: status, body (the object, or a Status) and, for an error, its message.</summary>
public sealed record KubernetesApiResponse(HttpStatusCode StatusCode, JsonElement? Body, string ErrorMessage)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    /// <summary>The Status object's <c>reason</c> (AlreadyExists, Conflict, NotFound ...), or empty.</summary>
    public string Reason => Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";

    /// <summary>Throws <see cref="KubernetesApiException"/> unless the status is a success.</summary>
    public KubernetesApiResponse EnsureSuccess() => IsSuccess ? this : throw new KubernetesApiException(StatusCode, ErrorMessage);
}
