using OrleansScrape.Configuration;
using System.Text.RegularExpressions;
using OrleansScrape.Prometheus.Configuration;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// Reads one entry of <c>http_sd_configs</c> with Prometheus's defaults and validation. The entry also holds
/// Prometheus's HTTP client settings inline, which another reader understands; so this reader does
/// NOT refuse unknown keys: the caller must call <see cref="YamlMappingReader.RejectUnknownKeys"/> on the
/// section after <see cref="Read"/>, once every reader had its turn.
/// </summary>
public static partial class HttpSdConfigReader
{
    /// <param name="section">The mapping of one <c>http_sd_configs</c> entry.</param>
    /// <param name="readHttpClientSettings">
    /// Reads the HTTP client keys of the same mapping (so they count as known); its result is kept as
    /// <see cref="HttpSdConfig.HttpClientSettings"/>.
    /// </param>
    public static HttpSdConfig Read(YamlMappingReader section, Func<YamlMappingReader, object?>? readHttpClientSettings = null)
    {
        var url = section.GetString("url");
        var interval = section.GetDuration("refresh_interval") ?? HttpSdConfig.DefaultRefreshInterval;
        var settings = readHttpClientSettings?.Invoke(section);

        // Prometheus's messages, in its order of checks.
        if (string.IsNullOrEmpty(url))
        {
            throw section.Has("url") ? section.ErrorAt("url", "URL is missing") : section.Error("URL is missing");
        }
        var scheme = Scheme().Match(url);
        if (!scheme.Success || scheme.Groups[1].Value.ToLowerInvariant() is not ("http" or "https"))
        {
            throw section.ErrorAt("url", "URL scheme must be 'http' or 'https'");
        }
        if (!HasHost(url[scheme.Length..]))
        {
            throw section.ErrorAt("url", "host is missing in URL");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw section.ErrorAt("url", $"\"{HttpSdDiscoverer.Redact(url)}\" is not a valid URL");
        }
        if (interval <= TimeSpan.Zero)
        {
            throw section.ErrorAt("refresh_interval", $"{section.Qualified("refresh_interval")} must be greater than zero");
        }
        return new HttpSdConfig { Url = url, RefreshInterval = interval, HttpClientSettings = settings };
    }

    // The authority is what follows "//" up to the path, query or fragment, less any user info.
    private static bool HasHost(string rest)
    {
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            return false;
        }
        var authority = rest[2..];
        var end = authority.IndexOfAny(['/', '?', '#']);
        authority = end >= 0 ? authority[..end] : authority;
        var at = authority.LastIndexOf('@');
        return authority[(at + 1)..].Length > 0;
    }

    // RFC 3986 scheme, as Go's url.Parse finds it.
    [GeneratedRegex("^([a-zA-Z][a-zA-Z0-9+.-]*):")]
    private static partial Regex Scheme();
}
