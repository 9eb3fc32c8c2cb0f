using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Prometheus.Tests.Discovery;

public sealed class HttpSdDiscovererTests : IAsyncLifetime
{
    // Refreshes are driven by hand: a real short interval would also be the fetch timeout, and a slow
    // first request on a busy machine would then fail for the wrong reason.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();
    private readonly HttpClient _http = new();
    private HttpSdServer _server = null!;

    public async Task InitializeAsync() => _server = await HttpSdServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private HttpSdDiscoverer Discoverer(TimeSpan? refresh = null, string? url = null) =>
        new(new HttpSdConfig { Url = url ?? _server.Url(), RefreshInterval = refresh ?? HttpSdConfig.DefaultRefreshInterval }, _http);

    private HttpSdDiscoverer ManualDiscoverer() =>
        new(new HttpSdConfig { Url = _server.Url(), RefreshInterval = Interval }, _http, _time);

    // The refresh interval elapses: the periodic timer fires (fetch timeouts have a one-shot timer).
    private void Tick() => Assert.Single(_time.Timers, t => t.Period == Interval && !t.Disposed).Fire();

    private static string[] Addresses(IEnumerable<TargetGroup> groups) =>
        groups.SelectMany(g => g.Targets).Select(t => t["__address__"]).ToArray();

    [Fact]
    public async Task Groups_carry_meta_url_and_a_url_index_source()
    {
        _server.Respond("""
            [
              { "targets": ["10.0.0.1:9100", "10.0.0.2:9100"], "labels": { "rack": "r1" } },
              { "targets": ["10.0.0.3:9100"], "labels": null }
            ]
            """);
        var url = _server.Url();
        using var discoverer = Discoverer();

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Equal(["10.0.0.1:9100", "10.0.0.2:9100", "10.0.0.3:9100"], Addresses(discoverer.Current));
        Assert.Equal([$"{url}:0", $"{url}:1"], discoverer.Current.Select(g => g.Source));
        Assert.All(discoverer.Current, g => Assert.Equal(url, g.Labels["__meta_url"]));
        Assert.Equal("r1", discoverer.Current[0].Labels["rack"]);
        Assert.Null(discoverer.LastError);
        Assert.Equal(0, discoverer.FailureCount);
    }

    [Fact]
    public async Task Refresh_interval_header_is_sent_in_seconds()
    {
        using var discoverer = Discoverer(TimeSpan.FromSeconds(30));

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Equal("30", _server.LastRequest["X-Prometheus-Refresh-Interval-Seconds"].ToString());
        Assert.Equal("application/json", _server.LastRequest.Accept.ToString());
        Assert.StartsWith("OrleansScrape/", _server.LastRequest.UserAgent.ToString());
    }

    [Fact]
    public async Task Fractional_refresh_interval_header_is_sent_without_trailing_zeros()
    {
        using var discoverer = Discoverer(TimeSpan.FromMilliseconds(1500));

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Equal("1.5", _server.LastRequest["X-Prometheus-Refresh-Interval-Seconds"].ToString());
    }

    [Fact]
    public async Task Refresh_picks_up_changes_and_raises_Changed()
    {
        _server.Respond("""[{ "targets": ["a:1"] }]""");
        using var discoverer = ManualDiscoverer();
        var changes = 0;
        discoverer.Changed += () => Interlocked.Increment(ref changes);
        await discoverer.StartAsync(CancellationToken.None);
        Assert.Equal(1, Volatile.Read(ref changes));

        _server.Respond("""[{ "targets": ["a:1", "b:1"] }]""");
        Tick();

        await Eventually.True(() => Addresses(discoverer.Current).SequenceEqual(["a:1", "b:1"]), "the changed answer");
        Assert.True(Volatile.Read(ref changes) >= 2);
    }

    [Fact]
    public async Task Unchanged_answer_does_not_raise_Changed()
    {
        _server.Respond("""[{ "targets": ["a:1"] }]""");
        using var discoverer = ManualDiscoverer();
        var changes = 0;
        discoverer.Changed += () => Interlocked.Increment(ref changes);
        await discoverer.StartAsync(CancellationToken.None);
        Tick();
        await Eventually.True(() => _server.RequestCount >= 2, "a second fetch");
        Tick();
        await Eventually.True(() => _server.RequestCount >= 3, "a third fetch");

        // Fetches run one at a time, so once this change is seen the two same answers were handled.
        _server.Respond("""[{ "targets": ["b:1"] }]""");
        Tick();
        await Eventually.True(() => Addresses(discoverer.Current).SequenceEqual(["b:1"]), "the changed answer");

        Assert.Equal(2, Volatile.Read(ref changes));
    }

    [Fact]
    public async Task Non_200_status_keeps_the_last_good_set_and_records_the_error()
    {
        _server.Respond("""[{ "targets": ["a:1"] }]""");
        using var discoverer = ManualDiscoverer();
        await discoverer.StartAsync(CancellationToken.None);
        var good = discoverer.Current;

        _server.Respond("""[{ "targets": ["ignored:1"] }]""", status: 503);
        Tick();

        await Eventually.True(() => discoverer.FailureCount > 0, "the failed fetch to be counted");
        Assert.Equal(good, discoverer.Current);
        Assert.Equal($"{_server.Url()}: server returned HTTP status 503 Service Unavailable", discoverer.LastError);

        _server.Respond("""[{ "targets": ["b:1"] }]""");
        Tick();

        await Eventually.True(() => Addresses(discoverer.Current).SequenceEqual(["b:1"]), "recovery");
        Assert.Null(discoverer.LastError);
    }

    [Fact]
    public async Task Wrong_content_type_keeps_the_last_good_set_and_records_the_error()
    {
        _server.Respond("""[{ "targets": ["a:1"] }]""");
        using var discoverer = ManualDiscoverer();
        await discoverer.StartAsync(CancellationToken.None);
        var good = discoverer.Current;

        _server.Respond("""[{ "targets": ["ignored:1"] }]""", contentType: "text/plain");
        Tick();

        await Eventually.True(() => discoverer.FailureCount > 0, "the failed fetch to be counted");
        Assert.Equal(good, discoverer.Current);
        Assert.Equal($"{_server.Url()}: unsupported content type \"text/plain\"", discoverer.LastError);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/json;charset=\"utf-8\"")]
    public async Task Json_content_type_may_name_a_utf8_charset(string contentType)
    {
        _server.Respond("""[{ "targets": ["a:1"] }]""", contentType: contentType);
        using var discoverer = Discoverer();

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Null(discoverer.LastError);
        Assert.Equal(["a:1"], Addresses(discoverer.Current));
    }

    [Fact]
    public async Task Malformed_body_keeps_the_last_good_set_and_records_the_error()
    {
        _server.Respond("""[{ "targets": ["a:1"] }]""");
        using var discoverer = ManualDiscoverer();
        await discoverer.StartAsync(CancellationToken.None);
        var good = discoverer.Current;

        _server.Respond("""[{ "targets": ["a:1"], "labels": { "bad-name": "x" } }]""");
        Tick();

        await Eventually.True(() => discoverer.FailureCount > 0, "the failed fetch to be counted");
        Assert.Equal(good, discoverer.Current);
        Assert.Equal($"{_server.Url()}: response: group 0: \"bad-name\" is not a valid label name", discoverer.LastError);
    }

    [Fact]
    public async Task First_fetch_failure_is_recorded_not_thrown()
    {
        _server.Respond("nope", status: 404, contentType: "text/plain");
        using var discoverer = Discoverer();

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Empty(discoverer.Current);
        Assert.Equal(1, discoverer.FailureCount);
        Assert.EndsWith("server returned HTTP status 404 Not Found", discoverer.LastError);
    }

    [Fact]
    public async Task Unreachable_server_is_recorded_not_thrown()
    {
        // A port that was just free and has no listener: the connection is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}/sd";
        using var discoverer = Discoverer(url: url);

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Empty(discoverer.Current);
        Assert.Equal(1, discoverer.FailureCount);
        Assert.StartsWith($"{url}: ", discoverer.LastError);
    }

    [Fact]
    public async Task Credentials_in_the_url_are_sent_as_basic_auth_and_kept_out_of_errors()
    {
        var url = _server.Url().Replace("http://", "http://prom:s3cret@", StringComparison.Ordinal);
        using var discoverer = Discoverer(url: url);

        await discoverer.StartAsync(CancellationToken.None);

        var authorization = AuthenticationHeaderValue.Parse(_server.LastRequest.Authorization.ToString());
        Assert.Equal("Basic", authorization.Scheme);
        Assert.Equal("prom:s3cret", Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Parameter!)));

        _server.Respond("[]", status: 500);
        using var failing = Discoverer(url: url);
        await failing.StartAsync(CancellationToken.None);
        Assert.StartsWith(_server.Url().Replace("http://", "http://prom:xxxxx@", StringComparison.Ordinal), failing.LastError);
        Assert.DoesNotContain("s3cret", failing.LastError);
    }

    [Fact]
    public async Task Discoverers_can_be_created_started_and_disposed_repeatedly()
    {
        _server.Respond("""[{ "targets": ["a:1"] }]""");
        for (var i = 0; i < 25; i++)
        {
            var discoverer = ManualDiscoverer();
            await discoverer.StartAsync(CancellationToken.None);
            Assert.Single(discoverer.Current);
            discoverer.Dispose();
            discoverer.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => discoverer.StartAsync(CancellationToken.None));
        }
        Discoverer().Dispose();
    }
}
