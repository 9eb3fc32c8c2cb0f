using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// Prometheus's http_sd: GETs the configured URL every <see cref="HttpSdConfig.RefreshInterval"/> with the
/// <c>X-Prometheus-Refresh-Interval-Seconds</c> header, requires status 200 and a JSON content type, and reads
/// the body as a JSON array of target groups. Each group carries <c>__meta_url</c> (the URL as configured)
/// and the Source <c>url:index</c>. A failed fetch keeps the last good groups, records the error and counts it.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> is the caller's (built from the entry's HTTP client settings) and is not disposed
/// here. Fetches run one at a time; <see cref="Changed"/> is raised on a thread-pool thread (or on the caller
/// of <see cref="StartAsync"/> for the first fetch), never after <see cref="Dispose"/>.
/// </remarks>
public sealed partial class HttpSdDiscoverer : ITargetDiscoverer
{
    public const string UrlLabel = "__meta_url";
    public const string RefreshIntervalHeader = "X-Prometheus-Refresh-Interval-Seconds";

    private readonly HttpSdConfig _config;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Uri _uri;
    private readonly string _redactedUrl;
    private readonly Lock _sync = new();
    private readonly CancellationTokenSource _stop = new();
    // Published together under _sync, so a reader never sees the groups of one fetch with the error of another.
    private IReadOnlyList<TargetGroup> _current = [];
    private string? _lastError;
    private long _failures;
    private PeriodicTimer? _timer;
    private bool _started;
    private bool _disposed;

    public HttpSdDiscoverer(HttpSdConfig config, HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(httpClient);
        if (!Uri.TryCreate(config.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("http_sd needs an http or https URL", nameof(config));
        }
        if (config.RefreshInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(config), config.RefreshInterval, "the refresh interval must be greater than zero");
        }
        _config = config;
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _uri = uri;
        _redactedUrl = Redact(config.Url);
    }

    /// <summary>The groups of the last successful fetch; a new list on each change.</summary>
    public IReadOnlyList<TargetGroup> Current
    {
        get
        {
            lock (_sync)
            {
                return _current;
            }
        }
    }

    /// <summary>Why the latest fetch failed, or null when it succeeded.</summary>
    public string? LastError
    {
        get
        {
            lock (_sync)
            {
                return _lastError;
            }
        }
    }

    /// <summary>How many fetches failed since start (Prometheus's prometheus_sd_http_failures_total).</summary>
    public long FailureCount => Interlocked.Read(ref _failures);

    /// <summary>Raised after <see cref="Current"/> changed.</summary>
    public event Action? Changed;

    /// <summary>
    /// Fetches once (a failure is recorded in <see cref="LastError"/>, not thrown), then keeps fetching
    /// every refresh interval in the background until disposed.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                throw new InvalidOperationException("the discoverer is already started");
            }
            _started = true;
        }
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token))
        {
            await RefreshAsync(linked.Token).ConfigureAwait(false);
        }
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            _timer = new PeriodicTimer(_config.RefreshInterval, _time);
            _ = Task.Run(() => RunAsync(_timer, _stop.Token), CancellationToken.None);
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        _stop.Cancel();
        _timer?.Dispose();
    }

    /// <summary>The URL with any password replaced by <c>xxxxx</c>, as Go's url.Redacted does, for messages.</summary>
    public static string Redact(string url) =>
        UserInfo().Replace(url, match => match.Groups["password"].Success ? $"{match.Groups["scheme"].Value}{match.Groups["user"].Value}:xxxxx@" : match.Value, 1);

    private async Task RunAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // A throwing Changed handler must not end discovery; the next tick fetches again.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<TargetGroup> groups;
        try
        {
            groups = await FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or TargetGroupFormatException or HttpSdException)
        {
            var reason = e is TargetGroupFormatException format ? format.Describe("response") : e.Message;
            lock (_sync)
            {
                _lastError = $"{_redactedUrl}: {reason}";
                // Counted with the error published, so whoever sees the count sees its reason.
                Interlocked.Increment(ref _failures);
            }
            return;
        }

        bool changed;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            _lastError = null;
            changed = !groups.SequenceEqual(_current);
            if (changed)
            {
                _current = groups;
            }
        }
        if (changed)
        {
            Changed?.Invoke();
        }
    }

    private async Task<IReadOnlyList<TargetGroup>> FetchAsync(CancellationToken cancellationToken)
    {
        // As Prometheus, a fetch may take at most the refresh interval.
        using var timeout = new CancellationTokenSource(_config.RefreshInterval, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.ParseAdd("OrleansScrape/" + typeof(HttpSdDiscoverer).Assembly.GetName().Version);
        request.Headers.Add(RefreshIntervalHeader, _config.RefreshInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        AddUrlCredentials(request);

        byte[] body;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HttpSdException($"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }
            // The raw header, as Prometheus matches the text the server sent.
            var contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : "";
            if (!JsonContentType().IsMatch(contentType.Trim()))
            {
                throw new HttpSdException($"unsupported content type \"{contentType}\"");
            }
            body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HttpSdException($"no answer within the refresh interval ({_config.RefreshInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)");
        }
        return TargetGroupParser.ParseJson(body, _config.Url, UrlLabel, _config.Url);
    }

    // Go's HTTP client sends the URL's user info as basic auth unless an Authorization header is set.
    private void AddUrlCredentials(HttpRequestMessage request)
    {
        if (_uri.UserInfo.Length == 0 || _http.DefaultRequestHeaders.Authorization is not null)
        {
            return;
        }
        var colon = _uri.UserInfo.IndexOf(':');
        var user = Uri.UnescapeDataString(colon >= 0 ? _uri.UserInfo[..colon] : _uri.UserInfo);
        var password = colon >= 0 ? Uri.UnescapeDataString(_uri.UserInfo[(colon + 1)..]) : "";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    // Prometheus's matchContentType: application/json, optionally with a UTF-8 charset.
    [GeneratedRegex("^(?i:application/json(;\\s*charset=(\"utf-8\"|utf-8))?)$")]
    private static partial Regex JsonContentType();

    [GeneratedRegex("^(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?<user>[^:@/?#]*)(?<password>:[^@/?#]*)?@")]
    private static partial Regex UserInfo();
}
