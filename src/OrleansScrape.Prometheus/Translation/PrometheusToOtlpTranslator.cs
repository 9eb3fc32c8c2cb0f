using System.Net;
using System.Net.Sockets;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Translation;

/// <summary>
/// Turns a text-format exposition into OTLP metrics: one metric per family, counters as
/// cumulative monotonic sums and gauges and untyped families as gauges. Histogram and summary
/// samples are counted but not translated yet. Use one instance per target: it keeps the label
/// strings of earlier scrapes so a steady target costs no string allocations. Not thread-safe.
/// </summary>
public sealed class PrometheusToOtlpTranslator
{
    /// <summary>Default bound of each string cache; more distinct strings than this are allocated per scrape.</summary>
    public const int DefaultMaxCachedStrings = 100_000;

    private const long NanosecondsPerMillisecond = 1_000_000;
    private const int RecentLabelPositions = 16;

    private readonly MetricFamilySet _families = new();
    private readonly Utf8StringCache _strings;
    private readonly Utf8StringCache _helpTexts;
    private Attribute[] _attributes = new Attribute[16];
    // The strings of the previous series, by label position (name at 2i, value at 2i+1):
    // consecutive series mostly repeat them, and a byte comparison is cheaper than a hash lookup.
    private readonly byte[]?[] _recentRaw = new byte[]?[2 * RecentLabelPositions];
    private readonly string[] _recentStrings = new string[2 * RecentLabelPositions];

    public PrometheusToOtlpTranslator()
        : this(DefaultMaxCachedStrings)
    {
    }

    /// <param name="maxCachedStrings">Bound of the label-string cache (and of the HELP-text cache).</param>
    public PrometheusToOtlpTranslator(int maxCachedStrings)
    {
        _strings = new Utf8StringCache(maxCachedStrings, helpEscapes: false);
        _helpTexts = new Utf8StringCache(maxCachedStrings, helpEscapes: true);
    }

    /// <summary>Strings currently cached, for diagnostics and tests.</summary>
    public int CachedStringCount => _strings.Count + _helpTexts.Count;

    /// <summary>
    /// The resource of a scraped target as the OpenTelemetry Collector's Prometheus receiver
    /// describes it: <c>service.name</c> = job, <c>service.instance.id</c> = instance,
    /// <c>server.address</c> = the host of the instance unless it is a loopback or unspecified
    /// address or <c>localhost</c> (which name no particular machine), <c>server.port</c> = its
    /// port when it has one, and <c>url.scheme</c>.
    /// </summary>
    public static Attribute[] ResourceAttributes(string job, string instance, string scheme)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(scheme);
        SplitHostPort(instance, out var host, out var port);
        var attributes = new List<Attribute>(5)
        {
            new("service.name", job),
            new("service.instance.id", instance),
        };
        if (host.Length > 0 && IsDiscernibleHost(host))
        {
            attributes.Add(new Attribute("server.address", host));
        }
        if (port.Length > 0)
        {
            attributes.Add(new Attribute("server.port", port));
        }
        attributes.Add(new Attribute("url.scheme", scheme));
        return attributes.ToArray();
    }

    /// <summary>
    /// Parses <paramref name="body"/> and appends its counter, gauge and untyped samples to
    /// <paramref name="builder"/> under the scope <paramref name="scopeIndex"/> (already added).
    /// A point's attributes are its labels except <c>__name__</c>, <c>job</c>, <c>instance</c> and
    /// empty-valued ones; its time is the sample's own timestamp when it has one and
    /// <paramref name="honorTimestamps"/>, else <paramref name="scrapeTimeUnixNano"/>.
    /// </summary>
    /// <exception cref="ExpositionFormatException">
    /// The body is malformed. Points of the lines before the error are already in the builder,
    /// so translate into a builder of your own for each scrape and discard it on this exception.
    /// </exception>
    public TranslationStats Translate(
        ReadOnlySpan<byte> body,
        long scrapeTimeUnixNano,
        bool honorTimestamps,
        MetricBatchBuilder builder,
        int scopeIndex)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _strings.BeginGeneration();
        _helpTexts.BeginGeneration();
        // A recent string is then always one the cache handed out (and marked used) in this scrape.
        Array.Clear(_recentRaw);

        var parser = new TextFormatParser(body, _families);
        var samples = 0;
        var points = 0;
        var skipped = 0;
        var family = -1;
        var translateFamily = false;
        ExpositionEntry entry;
        while ((entry = parser.Next()) != ExpositionEntry.EndOfInput)
        {
            if (entry != ExpositionEntry.Series)
            {
                continue;
            }
            samples++;
            if (parser.FamilyIndex != family)
            {
                family = parser.FamilyIndex;
                translateFamily = BeginFamily(ref parser, builder, scopeIndex);
            }
            if (!translateFamily)
            {
                skipped++;
                continue;
            }
            var attributeCount = CollectAttributes(ref parser);
            var time = honorTimestamps && parser.HasTimestamp
                ? ToUnixNano(parser.TimestampMilliseconds, parser.LineNumber)
                : scrapeTimeUnixNano;
            builder.AddPoint(0, time, parser.Value, DataPointFlags.None, _attributes.AsSpan(0, attributeCount));
            points++;
        }

        // Only after a complete scrape: an aborted one must not evict what the next one needs.
        _strings.EndGeneration();
        _helpTexts.EndGeneration();
        return new TranslationStats(samples, points, skipped);
    }

    /// <summary>Opens the metric of the parser's current family; false for families not translated.</summary>
    private bool BeginFamily(ref TextFormatParser parser, MetricBatchBuilder builder, int scopeIndex)
    {
        MetricType type;
        AggregationTemporality temporality;
        bool monotonic;
        switch (parser.FamilyKind)
        {
            case MetricKind.Counter:
                (type, temporality, monotonic) = (MetricType.Sum, AggregationTemporality.Cumulative, true);
                break;
            case MetricKind.Gauge:
            case MetricKind.Untyped:
                (type, temporality, monotonic) = (MetricType.Gauge, AggregationTemporality.Unspecified, false);
                break;
            default:
                return false;
        }
        builder.BeginMetric(
            _strings.Get(parser.FamilyName),
            _helpTexts.Get(parser.RawFamilyHelp),
            string.Empty,
            type,
            temporality,
            monotonic,
            scopeIndex);
        return true;
    }

    private int CollectAttributes(ref TextFormatParser parser)
    {
        var count = 0;
        var slot = 0;
        foreach (var label in parser.Labels)
        {
            var nameSlot = slot;
            slot += 2;
            // An empty label value means the label is absent in Prometheus.
            if (label.RawValue.IsEmpty || IsResourceLabel(label.Name))
            {
                continue;
            }
            if (count == _attributes.Length)
            {
                Array.Resize(ref _attributes, count * 2);
            }
            _attributes[count++] = new Attribute(LabelString(label.Name, nameSlot), LabelString(label.RawValue, nameSlot + 1));
        }
        return count;
    }

    private string LabelString(ReadOnlySpan<byte> raw, int slot)
    {
        if ((uint)slot >= (uint)_recentRaw.Length)
        {
            return _strings.Get(raw);
        }
        if (_recentRaw[slot] is { } recent && raw.SequenceEqual(recent))
        {
            return _recentStrings[slot];
        }
        var value = _strings.Get(raw, out var cachedRaw);
        _recentRaw[slot] = cachedRaw;
        _recentStrings[slot] = value;
        return value;
    }

    /// <summary>Labels the resource or the metric name already carry.</summary>
    private static bool IsResourceLabel(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("__name__"u8) || name.SequenceEqual("job"u8) || name.SequenceEqual("instance"u8);

    private static long ToUnixNano(long milliseconds, int lineNumber)
    {
        if (milliseconds > long.MaxValue / NanosecondsPerMillisecond || milliseconds < long.MinValue / NanosecondsPerMillisecond)
        {
            throw new ExpositionFormatException(lineNumber, $"timestamp {milliseconds} is out of range");
        }
        return milliseconds * NanosecondsPerMillisecond;
    }

    /// <summary>
    /// Splits <c>host:port</c> or <c>[ipv6]:port</c> as Go's <c>net.SplitHostPort</c> does; anything
    /// it would reject (no port, several colons outside brackets) is all host and no port.
    /// </summary>
    private static void SplitHostPort(string instance, out string host, out string port)
    {
        host = instance;
        port = string.Empty;
        if (instance.StartsWith('['))
        {
            var close = instance.IndexOf(']');
            if (close > 0 && close + 1 < instance.Length && instance[close + 1] == ':')
            {
                host = instance[1..close];
                port = instance[(close + 2)..];
            }
            return;
        }
        var colon = instance.LastIndexOf(':');
        if (colon >= 0 && instance.IndexOf(':') == colon)
        {
            host = instance[..colon];
            port = instance[(colon + 1)..];
        }
    }

    private static bool IsDiscernibleHost(string host)
    {
        var candidate = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        if (LooksLikeIpAddress(candidate) && IPAddress.TryParse(candidate, out var address))
        {
            var unspecified = address.AddressFamily == AddressFamily.InterNetworkV6
                ? address.Equals(IPAddress.IPv6Any)
                : address.Equals(IPAddress.Any);
            return !IPAddress.IsLoopback(address) && !unspecified;
        }
        return !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Only dotted quads and colon forms count as addresses: <see cref="IPAddress.TryParse(string, out IPAddress)"/>
    /// also reads bare numbers such as "0", which are host names here.
    /// </summary>
    private static bool LooksLikeIpAddress(string host) =>
        host.Contains(':') || (host.Count(c => c == '.') == 3 && host.All(c => c == '.' || char.IsAsciiDigit(c)));
}
