using System.Text;
using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Tests.Http;

public sealed class AuthorizationHandlerTests
{
    private static Task<TestServer> StartEchoingAuthorization() =>
        TestServer.StartAsync(context => context.Request.Headers.Authorization.ToString());

    [Fact]
    public async Task BasicAuth_HeaderArrives()
    {
        await using var server = await StartEchoingAuthorization();
        var config = new HttpClientConfig { BasicAuth = new BasicAuth { Username = "prometheus", Password = "s3cret:é" } };

        var received = await HandlerClient.GetStringAsync(config, server.BaseAddress);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("prometheus:s3cret:é")), received);
    }

    [Fact]
    public async Task BasicAuth_UsernameAndPasswordFilesAreReadTrimmed()
    {
        using var directory = new TempDirectory();
        await using var server = await StartEchoingAuthorization();
        var config = new HttpClientConfig
        {
            BasicAuth = new BasicAuth
            {
                UsernameFile = directory.Write("user", "prometheus\n"),
                PasswordFile = directory.Write("password", "  s3cret \r\n"),
            },
        };

        var received = await HandlerClient.GetStringAsync(config, server.BaseAddress);

        Assert.Equal("Basic " + Convert.ToBase64String("prometheus:s3cret"u8.ToArray()), received);
    }

    [Fact]
    public async Task BearerTokenFile_ChangedFileIsPickedUpOnNextRequest()
    {
        using var directory = new TempDirectory();
        await using var server = await StartEchoingAuthorization();
        var tokenFile = directory.Write("token", "first\n");
        var config = ConfigText.Read($"bearer_token_file: {tokenFile}\n");
        using var client = HandlerClient.Create(config);

        var first = await client.GetStringAsync(server.BaseAddress);
        directory.Write("token", "\tsecond  \n");
        var second = await client.GetStringAsync(server.BaseAddress);

        Assert.Equal("Bearer first", first);
        Assert.Equal("Bearer second", second);
    }

    [Fact]
    public async Task Authorization_TypeAndCredentialsArrive()
    {
        await using var server = await StartEchoingAuthorization();
        var config = new HttpClientConfig { Authorization = new Authorization { Type = "Token", Credentials = "abc" } };

        var received = await HandlerClient.GetStringAsync(config, server.BaseAddress);

        Assert.Equal("Token abc", received);
    }

    [Fact]
    public async Task AuthorizationHeaderOfTheRequest_IsKept()
    {
        await using var server = await StartEchoingAuthorization();
        var config = new HttpClientConfig { Authorization = new Authorization { Credentials = "abc" } };
        using var client = HandlerClient.Create(config);
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseAddress);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer from-caller");

        using var response = await client.SendAsync(request);

        Assert.Equal("Bearer from-caller", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoAuthentication_SendsNoAuthorizationHeader()
    {
        await using var server = await StartEchoingAuthorization();

        var received = await HandlerClient.GetStringAsync(new HttpClientConfig(), server.BaseAddress);

        Assert.Equal("", received);
    }

    [Fact]
    public async Task MissingCredentialsFile_FailsTheRequest()
    {
        using var directory = new TempDirectory();
        await using var server = await StartEchoingAuthorization();
        var missing = Path.Combine(directory.Path, "missing");
        var config = new HttpClientConfig { Authorization = new Authorization { CredentialsFile = missing } };
        using var client = HandlerClient.Create(config);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(server.BaseAddress));

        Assert.StartsWith($"unable to read authorization credentials: unable to read file {missing}", error.Message);
    }

    [Fact]
    public async Task SynchronousSend_AlsoAddsTheHeader()
    {
        await using var server = await StartEchoingAuthorization();
        var config = new HttpClientConfig { Authorization = new Authorization { Credentials = "abc" } };
        using var client = HandlerClient.Create(config);
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseAddress);

        using var response = client.Send(request);

        Assert.Equal("Bearer abc", await response.Content.ReadAsStringAsync());
    }
}
