using System.Globalization;
using System.IO.Hashing;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Prometheus.Exposition;
using OrleansScrape.Prometheus.Relabeling;
using Attribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.Prometheus.Translation;

/// <summary>
/// Turns the expositions of one target into OTLP metrics the way the Collector's Prometheus
/// receiver does: counters become cumulative monotonic sums (name kept, <c>_created</c> as start
/// time), gauges and unknown become gauges, histograms become histograms (buckets sorted and
/// de-cumulated, <c>+Inf</c> required), summaries become summaries, info and stateset become
/// non-monotonic sums, gauge histograms are dropped, <c>target_info</c> describes the resource
/// and <c>otel_scope_name</c>/<c>otel_scope_version</c> choose the scope. Series that vanish get
/// a staleness marker (a point flagged NoRecordedValue) in the next scrape.
/// <para>
/// One instance per target, not thread-safe. It caches, per series line, what the first sight of
/// that line cost (label decoding, target labels, metric relabeling, limits), so a steady target
/// costs a hash lookup per sample.
/// </para>
/// </summary>
public sealed class PrometheusToOtlpTranslator
{
    /// <summary>The scope of scraped metrics, named as the Collector's prometheus receiver names it.</summary>
    public static readonly InstrumentationScope ReceiverScope = new(
        "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/prometheusreceiver",
        typeof(PrometheusToOtlpTranslator).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>Default bound of each string cache; more distinct strings than this are allocated per scrape.</summary>
    public const int DefaultMaxCachedStrings = 100_000;

    private const double NanosecondsPerSecond = 1e9;

    private readonly ParserState _parserState = new();
    private readonly Utf8StringCache _strings;
    private readonly Utf8StringCache _helpTexts;
    // OpenMetrics escapes HELP text as it escapes label values (\" included); text 0.0.4 does not.
    private readonly Utf8StringCache _openMetricsHelpTexts;
    private readonly Dictionary<ulong, CachedSeries> _series = new();
    private readonly Dictionary<(string Name, ulong PointKey), EmittedPoint> _emitted = new();
    private readonly FamilyBuffer _family = new();
    private readonly List<Label> _labels = new();
    private readonly List<Attribute> _resource = new();
    private readonly List<double> _bounds = new();
    private readonly List<ulong> _buckets = new();
    private readonly List<QuantileValue> _quantiles = new();
    // OpenMetrics unit words and their UCUM form, so a steady target converts each unit once.
    private readonly Dictionary<string, string> _units = new(StringComparer.Ordinal);
    private TranslationOptions _options;
    private int _generation;
    private Family _current;
    private bool _openMetrics;
    private int _skippedInFlush;

    // The translation under way, between Begin and End: where it goes and what it counted so far.
    private bool _open;
    private bool _fedFinal;
    private MetricBatchBuilder? _builder;
    private Attribute[] _callerResource = [];
    private long _scrapeTime;
    private int _defaultScope;
    private int _familyIndex;
    private int _samples;
    private int _kept;
    private int _added;
    private int _points;
    private int _skipped;

    public PrometheusToOtlpTranslator()
        : this(new TranslationOptions())
    {
    }

    public PrometheusToOtlpTranslator(TranslationOptions options, int maxCachedStrings = DefaultMaxCachedStrings)
    {
        _options = options;
        _strings = new Utf8StringCache(maxCachedStrings, helpEscapes: false);
        _helpTexts = new Utf8StringCache(maxCachedStrings, helpEscapes: true);
        _openMetricsHelpTexts = new Utf8StringCache(maxCachedStrings, helpEscapes: false);
    }

    /// <summary>
    /// The target's labels, relabeling and limits. Setting new options forgets the series cache,
    /// whose entries were computed with the old ones.
    /// </summary>
    public TranslationOptions Options
    {
        get => _options;
        set
        {
            if (!ReferenceEquals(value, _options))
            {
                _options = value;
                _series.Clear();
            }
        }
    }

    /// <summary>Strings currently cached, for diagnostics and tests.</summary>
    public int CachedStringCount => _strings.Count + _helpTexts.Count + _openMetricsHelpTexts.Count;

    /// <summary>Series lines currently cached.</summary>
    public int CachedSeriesCount => _series.Count;

    /// <summary>Points the last scrape produced, which the next will mark stale if they vanish.</summary>
    public int TrackedPointCount => _emitted.Count;

    /// <summary>
    /// The resource of a scraped target as the Collector's Prometheus receiver describes it:
    /// <c>service.name</c> = job, <c>service.instance.id</c> = instance, <c>server.address</c> = the
    /// host of the instance unless it is a loopback or unspecified address or <c>localhost</c>,
    /// <c>server.port</c> = its port when it has one, and <c>url.scheme</c>. A target found by
    /// Kubernetes SD adds, from its pre-relabeling <paramref name="discoveredLabels"/>, the pod,
    /// container, namespace and node names, the pod uid and its controller's name
    /// (<see cref="KubernetesResourceAttributes"/>).
    /// </summary>
    public static Attribute[] ResourceAttributes(string job, string instance, string scheme, IReadOnlyDictionary<string, string>? discoveredLabels = null)
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
        if (discoveredLabels is { Count: > 0 })
        {
            KubernetesResourceAttributes.AddTo(attributes, discoveredLabels);
        }
        return attributes.ToArray();
    }

    /// <summary>
    /// Parses <paramref name="body"/> in <paramref name="format"/> and appends its metrics, and the
    /// staleness markers of series it no longer has, to <paramref name="builder"/>, whose resource
    /// becomes <paramref name="resource"/> plus the labels of <c>target_info</c>. The same as
    /// <see cref="Begin"/>, one final <see cref="Feed"/> and <see cref="End"/>.
    /// </summary>
    /// <exception cref="ExpositionFormatException">The body is malformed.</exception>
    /// <exception cref="ScrapeLimitException">A sample or label limit was exceeded.</exception>
    /// <remarks>On an exception the builder is partly filled: translate into a builder of its own and discard it.</remarks>
    public TranslationStats Translate(ReadOnlySpan<byte> body, ExpositionFormat format, long scrapeTimeUnixNano, MetricBatchBuilder builder, Attribute[] resource)
    {
        Begin(format, scrapeTimeUnixNano, builder, resource);
        Feed(body, final: true);
        return End();
    }

    /// <summary>
    /// Starts translating a body that comes in chunks (see <see cref="Feed"/>): its metrics, and the
    /// staleness markers of series it no longer has, go to <paramref name="builder"/>, whose resource
    /// becomes <paramref name="resource"/> plus the labels of <c>target_info</c>. A translation left
    /// open (neither ended nor failed) is abandoned as by <see cref="Abort"/>.
    /// </summary>
    public void Begin(ExpositionFormat format, long scrapeTimeUnixNano, MetricBatchBuilder builder, Attribute[] resource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(resource);
        Abort();
        _generation++;
        _strings.BeginGeneration();
        _helpTexts.BeginGeneration();
        _openMetricsHelpTexts.BeginGeneration();
        // A scrape that failed part-way leaves its family and counters behind.
        _family.Clear();
        _current = default;
        _skippedInFlush = 0;
        _resource.Clear();
        _resource.AddRange(resource);
        _openMetrics = format != ExpositionFormat.TextPlain004;
        _parserState.Reset();
        _builder = builder;
        _callerResource = resource;
        _scrapeTime = scrapeTimeUnixNano;
        _defaultScope = builder.AddScope(ReceiverScope);
        _familyIndex = -1;
        _samples = _kept = _added = _points = _skipped = 0;
        _fedFinal = false;
        _open = true;
    }

    /// <summary>
    /// Parses and translates the next chunk of the body. Every chunk but the <paramref name="final"/>
    /// one must end with a line feed (cut the bytes read so far after their last line feed and keep
    /// the rest for the next chunk); the translator keeps no reference to the chunk's bytes, so the
    /// caller may reuse its buffer as soon as this returns. A family may run over several chunks.
    /// </summary>
    /// <exception cref="ExpositionFormatException">The body is malformed.</exception>
    /// <exception cref="ScrapeLimitException">A sample or label limit was exceeded.</exception>
    /// <exception cref="InvalidOperationException">No translation is open, or the final chunk was fed already.</exception>
    /// <remarks>On an exception the translation is over (as after <see cref="Abort"/>) and the builder partly filled.</remarks>
    public void Feed(ReadOnlySpan<byte> chunk, bool final)
    {
        if (!_open || _fedFinal)
        {
            throw new InvalidOperationException(_open ? "The final chunk was fed already." : "No translation is open: call Begin first.");
        }
        _fedFinal = final;
        try
        {
            if (_openMetrics)
            {
                Run(new OpenMetricsParser(chunk, _parserState, final));
            }
            else
            {
                Run(new TextFormatParser(chunk, _parserState, final));
            }
            if (final)
            {
                _points += Flush(_builder!, _defaultScope, _scrapeTime);
                _skipped += _skippedInFlush;
                _skippedInFlush = 0;
            }
        }
        catch
        {
            Abort();
            throw;
        }
    }

    /// <summary>
    /// Ends the translation (feeding an empty final chunk first if the final one has not come),
    /// adds the staleness markers and sets the resource; returns what the body held.
    /// </summary>
    /// <exception cref="InvalidOperationException">No translation is open.</exception>
    public TranslationStats End()
    {
        if (!_open)
        {
            throw new InvalidOperationException("No translation is open: call Begin first.");
        }
        if (!_fedFinal)
        {
            Feed([], final: true);
        }
        _open = false;
        var builder = _builder!;
        _builder = null;
        var stale = AddStaleMarkers(builder, _scrapeTime, onlyVanished: true);
        // Only after a complete scrape: an aborted one must not evict what the next one needs.
        EvictUnseenSeries();
        _strings.EndGeneration();
        _helpTexts.EndGeneration();
        _openMetricsHelpTexts.EndGeneration();
        // Without target_info the resource is the caller's, as given: no array per scrape.
        var resource = _callerResource;
        _callerResource = [];
        builder.SetResourceAttributes(_resource.Count == resource.Length ? resource : _resource.ToArray());
        return new TranslationStats(_samples, _kept, _added, _points + stale, _skipped, stale);
    }

    /// <summary>
    /// Abandons an open translation (the body could not be read to its end): the caller discards
    /// what it built, so its new points are forgotten rather than marked stale later. Does nothing
    /// when no translation is open.
    /// </summary>
    public void Abort()
    {
        if (!_open)
        {
            return;
        }
        _open = false;
        _builder = null;
        _callerResource = [];
        // Its new points were never delivered, so they must neither be marked stale later nor count as known.
        ForgetUndeliveredPoints();
    }

    /// <summary>
    /// Marks every point of the last successful scrape stale and forgets them: the target failed
    /// or left, and Prometheus ends all its series.
    /// </summary>
    public int MarkAllStale(MetricBatchBuilder builder, long timeUnixNano)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Abort();
        builder.AddScope(ReceiverScope);
        return AddStaleMarkers(builder, timeUnixNano, onlyVanished: false);
    }

    /// <summary>Translates the entries of one chunk, carrying the counts and the family from chunk to chunk.</summary>
    private void Run<TParser>(TParser parser)
        where TParser : IExpositionParser, allows ref struct
    {
        int samples = _samples, kept = _kept, added = _added, skipped = _skipped, points = _points;
        var familyIndex = _familyIndex;
        var builder = _builder!;
        var scrapeTime = _scrapeTime;
        var defaultScope = _defaultScope;
        ExpositionEntry entry;
        // Read on past "# EOF": the parser reports anything after it as an error only when asked for the next entry.
        while ((entry = parser.Next()) != ExpositionEntry.EndOfInput)
        {
            if (entry != ExpositionEntry.Series)
            {
                continue;
            }
            samples++;
            if (parser.FamilyIndex != familyIndex)
            {
                points += Flush(builder, defaultScope, scrapeTime);
                familyIndex = parser.FamilyIndex;
                _current = new Family(
                    _strings.Get(parser.FamilyName),
                    (_openMetrics ? _openMetricsHelpTexts : _helpTexts).Get(parser.RawFamilyHelp),
                    Ucum(_strings.Get(parser.FamilyUnit)),
                    parser.FamilyKind);
            }

            var series = Lookup(ref parser, ref added);
            if (series.LimitError is { } limitError)
            {
                throw new ScrapeLimitException(limitError);
            }
            if (series.Dropped)
            {
                continue;
            }
            kept++;
            if (_options.SampleLimit > 0 && kept > _options.SampleLimit)
            {
                throw new ScrapeLimitException($"sample limit exceeded: more than {_options.SampleLimit} samples after metric relabeling");
            }

            var time = scrapeTime;
            var ownTimestamp = _options.HonorTimestamps && parser.HasTimestamp;
            if (ownTimestamp && !parser.TryGetTimestampUnixNanoseconds(out time))
            {
                // Outside what a Unix-nanosecond timestamp can hold: Prometheus's storage rejects such
                // a sample as out of bounds and keeps the rest of the scrape.
                skipped++;
                continue;
            }
            var exemplar = parser.HasExemplar ? AddExemplar(ref parser, time) : -1;
            switch (series.Role)
            {
                case SampleRole.Value:
                    _family.Samples.Add(new PendingSample(series, parser.Value, time, exemplar, Tracked: !ownTimestamp));
                    break;
                case SampleRole.Created:
                    var created = _family.Group(series);
                    created.CreatedUnixNano = SecondsToUnixNano(parser.Value);
                    created.SampleCount++;
                    break;
                case SampleRole.Bucket or SampleRole.Quantile:
                    var group = _family.Group(series);
                    group.Entries.Add((series.Bound, parser.Value, exemplar));
                    group.TimeUnixNano = time;
                    group.SampleCount++;
                    group.HasOwnTimestamp |= ownTimestamp;
                    break;
                case SampleRole.Count:
                    var counted = _family.Group(series);
                    counted.Count = parser.Value;
                    counted.TimeUnixNano = time;
                    counted.SampleCount++;
                    counted.HasOwnTimestamp |= ownTimestamp;
                    break;
                case SampleRole.Sum:
                    var summed = _family.Group(series);
                    summed.Sum = parser.Value;
                    summed.TimeUnixNano = time;
                    summed.SampleCount++;
                    summed.HasOwnTimestamp |= ownTimestamp;
                    break;
                case SampleRole.TargetInfo:
                    foreach (var attribute in series.Attributes)
                    {
                        if (!ResourceHas(attribute.Key))
                        {
                            _resource.Add(attribute);
                        }
                    }
                    skipped++;
                    break;
                default:
                    skipped++;
                    break;
            }
        }
        _samples = samples;
        _kept = kept;
        _added = added;
        _skipped = skipped;
        _points = points;
        _familyIndex = familyIndex;
    }

    /// <summary>The cached facts of the parser's current series line, computing them on first sight.</summary>
    private CachedSeries Lookup<TParser>(ref TParser parser, ref int added)
        where TParser : IExpositionParser, allows ref struct
    {
        var name = parser.MetricName;
        var labels = parser.RawLabels;
        var hash = XxHash64.HashToUInt64(labels, unchecked((long)XxHash64.HashToUInt64(name)));
        if (_series.TryGetValue(hash, out var cached) && SameKey(cached.RawKey, name, labels))
        {
            // As in Prometheus, a series is added when the previous scrape did not have it.
            var seenRecently = cached.Generation == _generation - 1 || cached.Generation == _generation;
            if (cached.FamilyKind != _current.Kind || cached.FamilyName != _current.Name)
            {
                // The same line under another family or type: its role and name must be worked out again.
                var redescribed = Describe(ref parser);
                _series[hash] = redescribed;
                if (!seenRecently && redescribed.Counted)
                {
                    added++;
                }
                return redescribed;
            }
            if (!seenRecently && cached.Counted)
            {
                added++;
            }
            cached.Generation = _generation;
            return cached;
        }

        var series = Describe(ref parser);
        // Prometheus counts only series it stores: not those metric relabeling dropped.
        if (series.Counted)
        {
            added++;
        }
        // On a hash collision the first owner keeps the slot; the other series is described every scrape.
        if (cached is null)
        {
            _series[hash] = series;
        }
        return series;
    }

    private static bool SameKey(byte[] key, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels) =>
        key.Length == name.Length + 1 + labels.Length
        && key.AsSpan(0, name.Length).SequenceEqual(name)
        && key.AsSpan(name.Length + 1).SequenceEqual(labels);

    /// <summary>The first sight of a series line: labels, target labels, metric relabeling, limits.</summary>
    private CachedSeries Describe<TParser>(ref TParser parser)
        where TParser : IExpositionParser, allows ref struct
    {
        var rawName = parser.MetricName;
        var rawLabels = parser.RawLabels;
        var key = new byte[rawName.Length + 1 + rawLabels.Length];
        rawName.CopyTo(key);
        key[rawName.Length] = 0xFF;
        rawLabels.CopyTo(key.AsSpan(rawName.Length + 1));

        var name = _strings.Get(rawName);
        _labels.Clear();
        _labels.Add(new Label("__name__", name));
        foreach (var label in parser.Labels)
        {
            _labels.Add(new Label(_strings.Get(label.Name), _strings.Get(label.RawValue)));
        }
        MergeTargetLabels(_labels);

        var final = _options.MetricRelabeling.Apply(_labels);
        if (final is null || final.Length == 0)
        {
            return new CachedSeries { RawKey = key, Dropped = true, Generation = _generation, FamilyName = _current.Name, FamilyKind = _current.Kind };
        }
        var finalName = Find(final, "__name__") ?? "";
        if (CheckLimits(final, finalName) is { } limitError)
        {
            return new CachedSeries { RawKey = key, LimitError = limitError, Generation = _generation, FamilyName = _current.Name, FamilyKind = _current.Kind };
        }
        // The Collector names an info metric after its family: foo_info is the metric foo.
        if (_current.Kind == MetricKind.Info && IsFamilyWithSuffix(finalName, _current.Name, "_info"))
        {
            finalName = _current.Name;
        }

        var role = RoleOf(name, out var boundLabel);
        var bound = 0.0;
        if (boundLabel is not null)
        {
            var boundText = Find(final, boundLabel);
            if (boundText is null || !TryParseBound(boundText, out bound))
            {
                // Prometheus's receiver drops a bucket or quantile it cannot place.
                role = SampleRole.Ignored;
            }
        }

        string? scopeName = null, scopeVersion = null;
        var attributes = new List<Attribute>(final.Length);
        foreach (var label in final)
        {
            switch (label.Name)
            {
                case "__name__" or "job" or "instance":
                    continue;
                case "otel_scope_name":
                    scopeName = label.Value;
                    continue;
                case "otel_scope_version":
                    scopeVersion = label.Value;
                    continue;
            }
            if (label.Name == boundLabel)
            {
                continue;
            }
            attributes.Add(new Attribute(label.Name, label.Value));
        }
        var scope = scopeName is { Length: > 0 } ? new InstrumentationScope(scopeName, scopeVersion ?? "") : (InstrumentationScope?)null;
        var attributeArray = attributes.ToArray();
        return new CachedSeries
        {
            RawKey = key,
            Role = role,
            Name = finalName,
            Attributes = attributeArray,
            Scope = scope,
            PointKey = PointKeyOf(attributeArray, scope),
            Bound = bound,
            Generation = _generation,
            FamilyName = _current.Name,
            FamilyKind = _current.Kind,
        };
    }

    /// <summary>The unit as the Collector reports it: the UCUM form of the OpenMetrics unit word.</summary>
    private string Ucum(string unit)
    {
        if (unit.Length == 0)
        {
            return unit;
        }
        if (!_units.TryGetValue(unit, out var converted))
        {
            if (_units.Count >= 1024)
            {
                _units.Clear();
            }
            converted = UcumUnits.FromWords(unit);
            _units.Add(unit, converted);
        }
        return converted;
    }

    private static bool IsFamilyWithSuffix(string name, string family, string suffix) =>
        name.Length == family.Length + suffix.Length
        && name.StartsWith(family, StringComparison.Ordinal)
        && name.EndsWith(suffix, StringComparison.Ordinal);

    /// <summary>
    /// Attaches the target's labels. With <c>honor_labels: false</c> the target wins and a scraped
    /// label of the same name is kept as <c>exported_NAME</c>; with <c>true</c> the scraped one wins.
    /// </summary>
    private void MergeTargetLabels(List<Label> labels)
    {
        foreach (var target in _options.TargetLabels)
        {
            var existing = labels.FindIndex(l => l.Name == target.Name);
            if (existing < 0)
            {
                labels.Add(target);
                continue;
            }
            if (_options.HonorLabels)
            {
                // An empty scraped value is an absent label: the target's fills it.
                if (labels[existing].Value.Length == 0)
                {
                    labels[existing] = target;
                }
                continue;
            }
            var scraped = labels[existing].Value;
            labels[existing] = target;
            if (scraped.Length == 0)
            {
                continue;
            }
            var exported = "exported_" + target.Name;
            while (labels.Exists(l => l.Name == exported))
            {
                exported = "exported_" + exported;
            }
            labels.Add(new Label(exported, scraped));
        }
    }

    private string? CheckLimits(Label[] labels, string metric)
    {
        var shortName = metric.Length > 50 ? metric[..50] : metric;
        if (_options.LabelLimit > 0 && labels.Length > _options.LabelLimit)
        {
            return $"label_limit exceeded (metric: {shortName}, number of labels: {labels.Length}, limit: {_options.LabelLimit})";
        }
        foreach (var label in labels)
        {
            if (_options.LabelNameLengthLimit > 0 && label.Name.Length > _options.LabelNameLengthLimit)
            {
                return $"label_name_length_limit exceeded (metric: {shortName}, label name: {Cut(label.Name)}, length: {label.Name.Length}, limit: {_options.LabelNameLengthLimit})";
            }
            if (_options.LabelValueLengthLimit > 0 && label.Value.Length > _options.LabelValueLengthLimit)
            {
                return $"label_value_length_limit exceeded (metric: {shortName}, label name: {Cut(label.Name)}, value: \"{Cut(label.Value)}\", length: {label.Value.Length}, limit: {_options.LabelValueLengthLimit})";
            }
        }
        return null;

        static string Cut(string text) => text.Length > 50 ? text[..50] : text;
    }

    /// <summary>The role of a sample by its name's suffix after the family name, as the family's type defines them.</summary>
    private SampleRole RoleOf(string name, out string? boundLabel)
    {
        boundLabel = null;
        if (name == "target_info")
        {
            return SampleRole.TargetInfo;
        }
        var family = _current.Name;
        var suffix = name.Length > family.Length && name.StartsWith(family, StringComparison.Ordinal) ? name[family.Length..] : "";
        switch (_current.Kind)
        {
            case MetricKind.Counter:
                return suffix == "_created" ? SampleRole.Created : SampleRole.Value;
            case MetricKind.Histogram or MetricKind.Summary:
                var histogram = _current.Kind == MetricKind.Histogram;
                switch (suffix)
                {
                    case "_count":
                        return SampleRole.Count;
                    case "_sum":
                        return SampleRole.Sum;
                    case "_created":
                        return SampleRole.Created;
                    case "_bucket" when histogram:
                        boundLabel = "le";
                        return SampleRole.Bucket;
                    case "" when !histogram:
                        boundLabel = "quantile";
                        return SampleRole.Quantile;
                    default:
                        return SampleRole.Ignored;
                }
            case MetricKind.GaugeHistogram:
                return SampleRole.Ignored;
            default:
                return SampleRole.Value;
        }
    }

    private int AddExemplar<TParser>(ref TParser parser, long sampleTime)
        where TParser : IExpositionParser, allows ref struct
    {
        var traceId = UInt128.Zero;
        var spanId = 0UL;
        var filtered = new List<Attribute>(parser.ExemplarLabelCount);
        foreach (var label in parser.ExemplarLabels)
        {
            var labelName = _strings.Get(label.Name);
            var value = _strings.Get(label.RawValue);
            // As the Collector: an empty value is no label; an id converts only at its exact OTLP width
            // (32 or 16 hex digits) and when not all zero, else it stays a filtered attribute.
            if (value.Length == 0)
            {
                continue;
            }
            if (labelName.Equals("trace_id", StringComparison.OrdinalIgnoreCase) && value.Length == 32
                && UInt128.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var trace) && trace != UInt128.Zero)
            {
                traceId = trace;
            }
            else if (labelName.Equals("span_id", StringComparison.OrdinalIgnoreCase) && value.Length == 16
                && ulong.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var span) && span != 0)
            {
                spanId = span;
            }
            else
            {
                filtered.Add(new Attribute(labelName, value));
            }
        }
        var time = parser.TryGetExemplarTimestampUnixNanoseconds(out var own) ? own : sampleTime;
        _family.Exemplars.Add(new PendingExemplar(time, parser.ExemplarValue, traceId, spanId, filtered.ToArray()));
        return _family.Exemplars.Count - 1;
    }

    /// <summary>Builds the points of the buffered family; returns how many it added.</summary>
    private int Flush(MetricBatchBuilder builder, int defaultScope, long scrapeTime)
    {
        if (_current.Name is null)
        {
            return 0;
        }
        var points = 0;
        switch (_current.Kind)
        {
            case MetricKind.Histogram:
                points = FlushHistograms(builder, defaultScope, scrapeTime);
                break;
            case MetricKind.Summary:
                points = FlushSummaries(builder, defaultScope, scrapeTime);
                break;
            default:
                points = FlushValues(builder, defaultScope);
                break;
        }
        _family.Clear();
        _current = default;
        return points;
    }

    private int FlushValues(MetricBatchBuilder builder, int defaultScope)
    {
        var (type, temporality, monotonic) = _current.Kind switch
        {
            MetricKind.Counter => (MetricType.Sum, AggregationTemporality.Cumulative, true),
            MetricKind.Info or MetricKind.StateSet => (MetricType.Sum, AggregationTemporality.Cumulative, false),
            _ => (MetricType.Gauge, AggregationTemporality.Unspecified, false),
        };
        string? openName = null;
        InstrumentationScope? openScope = null;
        var points = 0;
        foreach (var sample in CollectionsMarshal.AsSpan(_family.Samples))
        {
            var series = sample.Series;
            if (openName is null || openName != series.Name || openScope != series.Scope)
            {
                openName = series.Name;
                openScope = series.Scope;
                builder.BeginMetric(series.Name, _current.Help, _current.Unit, type, temporality, monotonic, ScopeIndex(builder, series.Scope, defaultScope));
            }
            // A counter's start time is its _created sample's value, when the exposition has one.
            var start = _current.Kind == MetricKind.Counter ? CreatedOf(series) : 0;
            builder.AddPoint(start, sample.TimeUnixNano, sample.Value, DataPointFlags.None, series.Attributes);
            if (sample.ExemplarIndex >= 0)
            {
                AttachExemplar(builder, sample.ExemplarIndex);
            }
            Remember(series.Name, series, type, temporality, monotonic, sample.Tracked);
            points++;
        }
        return points;
    }

    private long CreatedOf(CachedSeries series) =>
        _family.GroupCount > 0 && _family.TryGetGroup(series.PointKey, out var group) ? group.CreatedUnixNano : 0;

    private int FlushHistograms(MetricBatchBuilder builder, int defaultScope, long scrapeTime)
    {
        var points = 0;
        InstrumentationScope? openScope = null;
        var open = false;
        for (var i = 0; i < _family.GroupCount; i++)
        {
            var group = _family.Groups[i];
            var entries = CollectionsMarshal.AsSpan(group.Entries);
            entries.Sort(static (a, b) => a.Bound.CompareTo(b.Bound));
            if (group.Count is null || entries.Length == 0 || !double.IsPositiveInfinity(entries[^1].Bound))
            {
                // The receiver drops a point without _count (its only required sample) or without a +Inf bucket.
                _skippedInFlush += group.SampleCount;
                continue;
            }
            _bounds.Clear();
            _buckets.Clear();
            var previous = 0.0;
            foreach (var (bound, cumulative, _) in entries)
            {
                if (!double.IsPositiveInfinity(bound))
                {
                    _bounds.Add(bound);
                    _buckets.Add(ToCount(cumulative - previous));
                    previous = Math.Max(previous, cumulative);
                }
            }
            // As in the Collector, the bucket above the highest bound holds what _count has beyond it,
            // so the bucket counts always add up to the point's count.
            _buckets.Add(ToCount(group.Count.Value - previous));
            var series = group.Representative;
            if (!open || openScope != series.Scope)
            {
                open = true;
                openScope = series.Scope;
                builder.BeginMetric(_current.Name, _current.Help, _current.Unit, MetricType.Histogram, AggregationTemporality.Cumulative, false,
                    ScopeIndex(builder, series.Scope, defaultScope));
            }
            var count = ToCount(group.Count.Value);
            builder.AddHistogramPoint(group.CreatedUnixNano, group.TimeUnixNano == 0 ? scrapeTime : group.TimeUnixNano, count,
                group.Sum ?? 0, group.Sum is not null, DataPointFlags.None,
                CollectionsMarshal.AsSpan(_bounds), CollectionsMarshal.AsSpan(_buckets), series.Attributes);
            foreach (var entry in entries)
            {
                if (entry.ExemplarIndex >= 0)
                {
                    AttachExemplar(builder, entry.ExemplarIndex);
                }
            }
            Remember(_current.Name, series, MetricType.Histogram, AggregationTemporality.Cumulative, false, !group.HasOwnTimestamp);
            points++;
        }
        return points;
    }

    private int FlushSummaries(MetricBatchBuilder builder, int defaultScope, long scrapeTime)
    {
        var points = 0;
        InstrumentationScope? openScope = null;
        var open = false;
        for (var i = 0; i < _family.GroupCount; i++)
        {
            var group = _family.Groups[i];
            if (group.Count is null)
            {
                // The receiver drops a summary point without _count.
                _skippedInFlush += group.SampleCount;
                continue;
            }
            var entries = CollectionsMarshal.AsSpan(group.Entries);
            entries.Sort(static (a, b) => a.Bound.CompareTo(b.Bound));
            _quantiles.Clear();
            foreach (var (quantile, value, _) in entries)
            {
                _quantiles.Add(new QuantileValue(quantile, value));
            }
            var series = group.Representative;
            if (!open || openScope != series.Scope)
            {
                open = true;
                openScope = series.Scope;
                builder.BeginMetric(_current.Name, _current.Help, _current.Unit, MetricType.Summary, AggregationTemporality.Unspecified, false,
                    ScopeIndex(builder, series.Scope, defaultScope));
            }
            builder.AddSummaryPoint(group.CreatedUnixNano, group.TimeUnixNano == 0 ? scrapeTime : group.TimeUnixNano,
                ToCount(group.Count.Value), group.Sum ?? 0, DataPointFlags.None, CollectionsMarshal.AsSpan(_quantiles), series.Attributes);
            Remember(_current.Name, series, MetricType.Summary, AggregationTemporality.Unspecified, false, !group.HasOwnTimestamp);
            points++;
        }
        return points;
    }

    private void AttachExemplar(MetricBatchBuilder builder, int index)
    {
        var exemplar = _family.Exemplars[index];
        builder.AddExemplar(exemplar.TimeUnixNano, exemplar.Value, exemplar.TraceId, exemplar.SpanId, exemplar.Attributes);
    }

    /// <param name="tracked">
    /// False for a point whose sample carried its own timestamp: Prometheus bypasses staleness for it,
    /// so it is not remembered (and if the last scrape tracked it, it goes stale now, as in Prometheus).
    /// </param>
    private void Remember(string name, CachedSeries series, MetricType type, AggregationTemporality temporality, bool monotonic, bool tracked)
    {
        if (!tracked)
        {
            return;
        }
        ref var point = ref CollectionsMarshal.GetValueRefOrAddDefault(_emitted, (name, series.PointKey), out var exists);
        if (!exists || point!.Type != type)
        {
            point = new EmittedPoint
            {
                Name = name,
                Description = _current.Help,
                Unit = _current.Unit,
                Type = type,
                Temporality = temporality,
                IsMonotonic = monotonic,
                Scope = series.Scope ?? ReceiverScope,
                Attributes = series.Attributes,
                FirstGeneration = _generation,
            };
        }
        point!.Generation = _generation;
    }

    /// <summary>Forgets the points a failed scrape produced for the first time: its batch is thrown away.</summary>
    private void ForgetUndeliveredPoints()
    {
        foreach (var (key, point) in _emitted)
        {
            if (point.FirstGeneration == _generation)
            {
                _emitted.Remove(key);
            }
        }
    }

    /// <summary>Adds a NoRecordedValue point for every remembered point not seen in this scrape (or all of them).</summary>
    private int AddStaleMarkers(MetricBatchBuilder builder, long timeUnixNano, bool onlyVanished)
    {
        var markers = 0;
        foreach (var (key, point) in _emitted)
        {
            if (onlyVanished && point.Generation == _generation)
            {
                continue;
            }
            _emitted.Remove(key);
            builder.BeginMetric(point.Name, point.Description, point.Unit, point.Type, point.Temporality, point.IsMonotonic, builder.AddScope(point.Scope));
            switch (point.Type)
            {
                case MetricType.Histogram:
                    builder.AddHistogramPoint(0, timeUnixNano, 0, 0, false, DataPointFlags.NoRecordedValue, [], [], point.Attributes);
                    break;
                case MetricType.Summary:
                    builder.AddSummaryPoint(0, timeUnixNano, 0, 0, DataPointFlags.NoRecordedValue, [], point.Attributes);
                    break;
                default:
                    builder.AddPoint(0, timeUnixNano, double.NaN, DataPointFlags.NoRecordedValue, point.Attributes);
                    break;
            }
            markers++;
        }
        return markers;
    }

    /// <summary>Forgets series lines the last scrape did not contain, so a churning target's cache stays its current size.</summary>
    private void EvictUnseenSeries()
    {
        foreach (var (hash, series) in _series)
        {
            if (series.Generation != _generation)
            {
                _series.Remove(hash);
            }
        }
    }

    private bool ResourceHas(string key)
    {
        foreach (var attribute in _resource)
        {
            if (attribute.Key == key)
            {
                return true;
            }
        }
        return false;
    }

    private static int ScopeIndex(MetricBatchBuilder builder, InstrumentationScope? scope, int defaultScope) =>
        scope is { } named ? builder.AddScope(named) : defaultScope;

    private static ulong PointKeyOf(Attribute[] attributes, InstrumentationScope? scope)
    {
        var hash = new XxHash64();
        Span<byte> separator = [0xFF];
        foreach (var attribute in attributes)
        {
            hash.Append(Encoding.UTF8.GetBytes(attribute.Key));
            hash.Append(separator);
            hash.Append(Encoding.UTF8.GetBytes(attribute.Value));
            hash.Append(separator);
        }
        if (scope is { } named)
        {
            hash.Append(Encoding.UTF8.GetBytes(named.Name));
            hash.Append(separator);
            hash.Append(Encoding.UTF8.GetBytes(named.Version));
        }
        return hash.GetCurrentHashAsUInt64();
    }

    private static string? Find(Label[] labels, string name)
    {
        foreach (var label in labels)
        {
            if (label.Name == name)
            {
                return label.Value;
            }
        }
        return null;
    }

    private static bool TryParseBound(string text, out double bound)
    {
        switch (text)
        {
            case "+Inf" or "Inf" or "+inf" or "inf":
                bound = double.PositiveInfinity;
                return true;
            case "-Inf" or "-inf":
                bound = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out bound) && !double.IsNaN(bound);
        }
    }

    // Bucket and sample counts are whole numbers that Prometheus writes as floats.
    private static ulong ToCount(double value) =>
        double.IsNaN(value) || value <= 0 ? 0 : value >= ulong.MaxValue ? ulong.MaxValue : (ulong)Math.Round(value);

    /// <summary>
    /// Whole seconds and the fraction are converted apart, as the Collector does: a Unix time in seconds
    /// times 1e9 needs more digits than a double has, which would shift the result by up to a microsecond.
    /// </summary>
    private static long SecondsToUnixNano(double seconds)
    {
        if (double.IsNaN(seconds) || seconds <= 0)
        {
            return 0;
        }
        if (seconds >= long.MaxValue / NanosecondsPerSecond)
        {
            return long.MaxValue;
        }
        var whole = Math.Floor(seconds);
        return (long)whole * (long)NanosecondsPerSecond + (long)((seconds - whole) * NanosecondsPerSecond);
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

    /// <summary>The family being read: its name, HELP, UNIT and declared type.</summary>
    private readonly record struct Family(string Name, string Help, string Unit, MetricKind Kind);
}
