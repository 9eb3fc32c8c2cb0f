using System.Globalization;

namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// The <c>scrape_protocols</c> names Prometheus accepts, their validation, and the Accept header
/// Prometheus builds from them. <see cref="PrometheusProto"/> (native protobuf) is known but not
/// supported: no parser here reads it.
/// </summary>
public static class ScrapeProtocols
{
    public const string OpenMetricsText100 = "OpenMetricsText1.0.0";
    public const string OpenMetricsText001 = "OpenMetricsText0.0.1";
    public const string PrometheusText100 = "PrometheusText1.0.0";
    public const string PrometheusText004 = "PrometheusText0.0.4";
    public const string PrometheusProto = "PrometheusProto";

    /// <summary>
    /// The first q weight is one more than the number of protocols Prometheus knows, as in its
    /// <c>acceptHeader</c>, so the header matches what Prometheus sends for the same list.
    /// </summary>
    private const int FirstWeight = 6;

    /// <summary>Every name Prometheus accepts, supported or not, in its sorted order.</summary>
    public static IReadOnlyList<string> Known { get; } =
        [OpenMetricsText001, OpenMetricsText100, PrometheusProto, PrometheusText004, PrometheusText100];

    /// <summary>The protocols this scraper can parse.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        [OpenMetricsText100, OpenMetricsText001, PrometheusText100, PrometheusText004];

    /// <summary>Prometheus' default preference, which needs no protobuf.</summary>
    public static IReadOnlyList<string> Default { get; } =
        [OpenMetricsText100, OpenMetricsText001, PrometheusText100, PrometheusText004];

    /// <summary>The Accept header for <see cref="Default"/>.</summary>
    public static string DefaultAcceptHeader { get; } = AcceptHeader(Default);

    public static bool IsKnown(string protocol) => Known.Contains(protocol, StringComparer.Ordinal);

    public static bool IsSupported(string protocol) => Supported.Contains(protocol, StringComparer.Ordinal);

    /// <summary>The media type Prometheus asks for with <paramref name="protocol"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a known protocol.</exception>
    public static string MediaType(string protocol) => protocol switch
    {
        OpenMetricsText100 => "application/openmetrics-text;version=1.0.0",
        OpenMetricsText001 => "application/openmetrics-text;version=0.0.1",
        PrometheusText100 => "text/plain;version=1.0.0",
        PrometheusText004 => "text/plain;version=0.0.4",
        PrometheusProto => "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
        _ => throw new ArgumentException(UnknownMessage(protocol), nameof(protocol)),
    };

    /// <summary>The parser format for a supported protocol, e.g. a job's <c>fallback_scrape_protocol</c>.</summary>
    /// <exception cref="ArgumentException">The protocol is unknown or not supported.</exception>
    public static ExpositionFormat Format(string protocol)
    {
        if (!TryValidate(protocol, out var error))
        {
            throw new ArgumentException(error, nameof(protocol));
        }
        return protocol switch
        {
            OpenMetricsText100 => ExpositionFormat.OpenMetrics100,
            OpenMetricsText001 => ExpositionFormat.OpenMetrics001,
            _ => ExpositionFormat.TextPlain004,
        };
    }

    /// <summary>Checks one protocol name (case-sensitive, as in Prometheus); <paramref name="error"/> says why it is refused.</summary>
    public static bool TryValidate(string protocol, out string? error)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        error = null;
        if (!IsKnown(protocol))
        {
            error = UnknownMessage(protocol);
        }
        else if (!IsSupported(protocol))
        {
            error = $"scrape protocol \"{protocol}\" (the native protobuf format) is not supported; use {string.Join(", ", Supported)}";
        }
        return error is null;
    }

    /// <summary>Checks a <c>scrape_protocols</c> list: not empty, every name supported, none twice (ignoring case).</summary>
    public static bool TryValidate(IReadOnlyList<string> protocols, out string? error)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        if (protocols.Count == 0)
        {
            error = "scrape_protocols cannot be empty";
            return false;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var protocol in protocols)
        {
            if (!seen.Add(protocol))
            {
                error = $"duplicated protocol \"{protocol}\" in scrape_protocols";
                return false;
            }
            if (!TryValidate(protocol, out error))
            {
                return false;
            }
        }
        error = null;
        return true;
    }

    /// <exception cref="ArgumentException">The list is invalid; the message says why.</exception>
    public static void Validate(IReadOnlyList<string> protocols)
    {
        if (!TryValidate(protocols, out var error))
        {
            throw new ArgumentException(error, nameof(protocols));
        }
    }

    /// <summary>
    /// The Accept header Prometheus sends for <paramref name="protocols"/> in order of preference:
    /// each media type with a descending q weight from 0.6, then <c>*/*</c> with the next weight.
    /// The 1.0.0 formats carry <c>escaping=underscores</c>, asking exposers to render UTF-8 names
    /// in the classic character set, which is all these parsers read.
    /// </summary>
    /// <exception cref="ArgumentException">The list is invalid.</exception>
    public static string AcceptHeader(IReadOnlyList<string> protocols)
    {
        Validate(protocols);
        var values = new List<string>(protocols.Count + 1);
        var weight = FirstWeight;
        foreach (var protocol in protocols)
        {
            var escaping = protocol is PrometheusText100 or OpenMetricsText100 ? ";escaping=underscores" : string.Empty;
            values.Add(string.Create(CultureInfo.InvariantCulture, $"{MediaType(protocol)}{escaping};q=0.{weight}"));
            weight--;
        }
        values.Add(string.Create(CultureInfo.InvariantCulture, $"*/*;q=0.{weight}"));
        return string.Join(",", values);
    }

    private static string UnknownMessage(string protocol) =>
        $"unknown scrape protocol \"{protocol}\", supported: {string.Join(", ", Supported)}";
}
