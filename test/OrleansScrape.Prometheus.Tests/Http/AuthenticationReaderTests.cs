using OrleansScrape.Prometheus.Http;

namespace OrleansScrape.Prometheus.Tests.Http;

public sealed class AuthenticationReaderTests
{
    [Fact]
    public void Authorization_IsRead()
    {
        var config = ConfigText.Read("""
            authorization:
              type: Token
              credentials: abc
            """);

        Assert.Equal(new Authorization { Type = "Token", Credentials = "abc" }, config.Authorization);
    }

    [Fact]
    public void AuthorizationType_DefaultsToBearer()
    {
        var config = ConfigText.Read("""
            authorization:
              type: "  "
              credentials_file: /run/token
            """);

        Assert.Equal(new Authorization { Type = "Bearer", CredentialsFile = "/run/token" }, config.Authorization);
    }

    [Fact]
    public void BearerToken_BecomesAuthorizationBearer()
    {
        var config = ConfigText.Read("bearer_token: abc\n");

        Assert.Equal(new Authorization { Type = "Bearer", Credentials = "abc" }, config.Authorization);
    }

    [Fact]
    public void BearerTokenFile_BecomesAuthorizationBearerFile()
    {
        var config = ConfigText.Read("bearer_token_file: /run/token\n");

        Assert.Equal(new Authorization { Type = "Bearer", CredentialsFile = "/run/token" }, config.Authorization);
    }

    [Fact]
    public void BasicAuth_WithoutUsername_HasAnEmptyOne()
    {
        var config = ConfigText.Read("basic_auth:\n  password: p\n");

        Assert.Equal(new BasicAuth { Username = "", Password = "p" }, config.BasicAuth);
    }

    [Fact]
    public void BearerTokenAndBearerTokenFile_AreRefused()
    {
        var error = ConfigText.Refuse("bearer_token: a\njob_name: x\nbearer_token_file: /b\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("at most one of bearer_token & bearer_token_file must be configured", error.Reason);
    }

    [Fact]
    public void BasicAuthAndBearerToken_AreRefused()
    {
        var error = ConfigText.Refuse("bearer_token: a\nbasic_auth:\n  username: u\n");

        Assert.Equal(2, error.Line);
        Assert.Equal("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured", error.Reason);
    }

    [Fact]
    public void AuthorizationAndBearerTokenFile_AreRefused()
    {
        var error = ConfigText.Refuse("authorization:\n  credentials: a\nbearer_token_file: /b\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("authorization is not compatible with bearer_token & bearer_token_file", error.Reason);
    }

    [Fact]
    public void BasicAuthAndAuthorization_AreRefused()
    {
        var error = ConfigText.Refuse("basic_auth:\n  username: u\nauthorization:\n  credentials: a\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("at most one of basic_auth, oauth2 & authorization must be configured", error.Reason);
    }

    [Fact]
    public void UsernameAndUsernameFile_AreRefused()
    {
        var error = ConfigText.Refuse("basic_auth:\n  username_file: /u\n  username: u\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("at most one of basic_auth username & username_file must be configured", error.Reason);
    }

    [Fact]
    public void PasswordAndPasswordFile_AreRefused()
    {
        var error = ConfigText.Refuse("basic_auth:\n  username: u\n  password: p\n  password_file: /p\n");

        Assert.Equal(4, error.Line);
        Assert.Equal("at most one of basic_auth password & password_file must be configured", error.Reason);
    }

    [Fact]
    public void CredentialsAndCredentialsFile_AreRefused()
    {
        var error = ConfigText.Refuse("authorization:\n  credentials: a\n  credentials_file: /a\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("at most one of authorization credentials & credentials_file must be configured", error.Reason);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("basic")]
    [InlineData(" BASIC ")]
    public void AuthorizationTypeBasic_IsRefused(string type)
    {
        var error = ConfigText.Refuse($"authorization:\n  credentials: a\n  type: \"{type}\"\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("authorization type cannot be set to \"basic\", use \"basic_auth\" instead", error.Reason);
    }

    [Fact]
    public void UnknownKeyInBasicAuth_IsRefused()
    {
        var error = ConfigText.Refuse("basic_auth:\n  username: u\n  pasword: p\n");

        Assert.Equal(3, error.Line);
        Assert.Contains("unknown key \"pasword\" in basic_auth", error.Reason);
    }

    [Fact]
    public void UnknownKeyInAuthorization_IsRefused()
    {
        var error = ConfigText.Refuse("authorization:\n  credentials_ref: vault\n");

        Assert.Equal(2, error.Line);
        Assert.Contains("unknown key \"credentials_ref\" in authorization", error.Reason);
    }
}
