using System.Text;

namespace OrleansScrape.Prometheus.Http;

/// <summary>Builds the <c>Authorization</c> header value of <c>basic_auth</c> or <c>authorization</c>, reading secret files anew each time.</summary>
internal sealed class AuthorizationHeaderSource
{
    // Null for basic_auth, whose value is built from username and password.
    private readonly string? _scheme;
    private readonly SecretSource? _username;
    private readonly SecretSource? _password;
    private readonly SecretSource? _credentials;

    private AuthorizationHeaderSource(string? scheme, SecretSource? username, SecretSource? password, SecretSource? credentials)
    {
        _scheme = scheme;
        _username = username;
        _password = password;
        _credentials = credentials;
    }

    public static AuthorizationHeaderSource? From(HttpClientConfig config) =>
        config.BasicAuth is { } basic
            ? new AuthorizationHeaderSource(null, SecretSource.From(basic.Username, basic.UsernameFile), SecretSource.From(basic.Password, basic.PasswordFile), null)
            : config.Authorization is { } authorization
                ? new AuthorizationHeaderSource(authorization.Type, null, null, SecretSource.From(authorization.Credentials, authorization.CredentialsFile))
                : null;

    public string Create() =>
        _scheme is null
            ? Basic(Read(_username, "basic auth username"), Read(_password, "basic auth password"))
            : $"{_scheme} {Read(_credentials, "authorization credentials")}";

    public async ValueTask<string> CreateAsync(CancellationToken cancellationToken) =>
        _scheme is null
            ? Basic(await ReadAsync(_username, "basic auth username", cancellationToken).ConfigureAwait(false),
                await ReadAsync(_password, "basic auth password", cancellationToken).ConfigureAwait(false))
            : $"{_scheme} {await ReadAsync(_credentials, "authorization credentials", cancellationToken).ConfigureAwait(false)}";

    // As Go's Request.SetBasicAuth: base64 of the UTF-8 "username:password".
    private static string Basic(string username, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));

    private static string Read(SecretSource? source, string what)
    {
        try
        {
            return source?.Read() ?? "";
        }
        catch (IOException e)
        {
            throw new HttpRequestException($"unable to read {what}: {e.Message}", e);
        }
    }

    private static async ValueTask<string> ReadAsync(SecretSource? source, string what, CancellationToken cancellationToken)
    {
        try
        {
            return source is null ? "" : await source.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new HttpRequestException($"unable to read {what}: {e.Message}", e);
        }
    }
}
