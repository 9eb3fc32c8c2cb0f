using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansScrape.Testing;

/// <summary>
/// An in-process Kubernetes API server (Kestrel on 127.0.0.1 and a free port) that speaks the list/watch protocol:
/// objects stored by collection (<c>/api/v1/pods</c>, <c>/apis/group/version/resource</c>), namespaced and
/// all-namespace LIST with <c>limit</c>/<c>continue</c>, single GET, WATCH streams of newline-delimited events from a
/// resourceVersion with bookmarks, label and <c>metadata.name</c>/<c>metadata.namespace</c> field selectors, and
/// controls to change objects, emit bookmarks, compact history (old resourceVersions answer 410 Gone), drop open
/// watches and fail requests. Objects are also written over HTTP as the API's clients do: POST creates (409
/// AlreadyExists when the name is taken), PUT replaces (409 Conflict when the body's metadata.resourceVersion is not
/// the stored one), DELETE removes (with DeleteOptions preconditions); every write takes the next resourceVersion.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _sync = new();
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _collections = new(StringComparer.Ordinal);
    private readonly List<StoredEvent> _history = [];
    // Serialized form of each stored object (never mutated once stored), so lists and events do not re-serialize it.
    private readonly Dictionary<JsonObject, string> _text = new(ReferenceEqualityComparer.Instance);
    private readonly List<OpenWatch> _watches = [];
    private readonly ConcurrentQueue<string> _requests = new();
    private long _resourceVersion = 1000;
    private long _compactedBelow;
    private int _failuresLeft;
    private int _failureStatus;

    private FakeKubernetesApiServer(WebApplication app)
    {
        _app = app;
        app.Run(HandleAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The newest resourceVersion handed out.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_sync)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>Every request as <c>GET path?query</c>, in arrival order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    /// <summary>Watch streams open now.</summary>
    public int OpenWatchCount
    {
        get
        {
            lock (_sync)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>When true, a watch from a compacted resourceVersion gets HTTP 410; otherwise (as the real server) 200 and an ERROR event with code 410.</summary>
    public bool GoneAsHttpStatus { get; set; }

    public static async Task<FakeKubernetesApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeKubernetesApiServer(builder.Build());
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>Adds an object to a collection such as <c>/api/v1/pods</c>; sets uid, resourceVersion and creationTimestamp.</summary>
    public JsonObject Add(string collection, JsonObject obj) => Store(collection, obj, "ADDED");

    /// <summary>Replaces the object with the same namespace and name (MODIFIED).</summary>
    public JsonObject Update(string collection, JsonObject obj) => Store(collection, obj, "MODIFIED");

    /// <summary>Adds many objects with one lock (benchmarks).</summary>
    public void AddRange(string collection, IEnumerable<JsonObject> objects)
    {
        foreach (var obj in objects)
        {
            Store(collection, obj, "ADDED");
        }
    }

    /// <summary>Deletes an object; a DELETED event carries its last state.</summary>
    public bool Delete(string collection, string? @namespace, string name)
    {
        lock (_sync)
        {
            if (!_collections.TryGetValue(collection, out var objects) || !objects.Remove(Key(@namespace, name), out var old))
            {
                return false;
            }
            var rv = ++_resourceVersion;
            _text.Remove(old);
            var gone = (JsonObject)old.DeepClone();
            gone["metadata"]!["resourceVersion"] = rv.ToString();
            Publish(new StoredEvent(collection, rv, "DELETED", gone, old));
            return true;
        }
    }

    /// <summary>Sends a BOOKMARK at the current resourceVersion to every watch that allowed bookmarks.</summary>
    public void EmitBookmark()
    {
        lock (_sync)
        {
            foreach (var watch in _watches.Where(w => w.AllowBookmarks))
            {
                var bookmark = new JsonObject
                {
                    ["type"] = "BOOKMARK",
                    ["object"] = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString() } },
                };
                watch.Lines.Writer.TryWrite(bookmark.ToJsonString());
            }
        }
    }

    /// <summary>Forgets the history: watches and continue tokens from an older resourceVersion answer 410 Gone.</summary>
    public void Compact()
    {
        lock (_sync)
        {
            _compactedBelow = _resourceVersion;
            _history.Clear();
        }
    }

    /// <summary>Closes every open watch stream abruptly, as a lost connection.</summary>
    public void DropWatches()
    {
        lock (_sync)
        {
            foreach (var watch in _watches)
            {
                watch.Context.Abort();
                watch.Lines.Writer.TryComplete();
            }
            _watches.Clear();
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="statusCode"/>.</summary>
    public void FailRequests(int count, int statusCode)
    {
        lock (_sync)
        {
            _failuresLeft = count;
            _failureStatus = statusCode;
        }
    }

    public async ValueTask DisposeAsync()
    {
        DropWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private JsonObject Store(string collection, JsonObject obj, string type)
    {
        lock (_sync)
        {
            var metadata = obj["metadata"] as JsonObject ?? throw new ArgumentException("the object has no metadata");
            var name = (string?)metadata["name"] ?? throw new ArgumentException("the object has no metadata.name");
            var ns = (string?)metadata["namespace"];
            if (!_collections.TryGetValue(collection, out var objects))
            {
                _collections[collection] = objects = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            }
            var key = Key(ns, name);
            objects.TryGetValue(key, out var old);
            if (type == "ADDED" && old is not null)
            {
                type = "MODIFIED";
            }
            var rv = ++_resourceVersion;
            var stored = (JsonObject)obj.DeepClone();
            var storedMetadata = (JsonObject)stored["metadata"]!;
            storedMetadata["resourceVersion"] = rv.ToString();
            storedMetadata["uid"] ??= (string?)old?["metadata"]?["uid"] ?? Guid.NewGuid().ToString();
            storedMetadata["creationTimestamp"] ??= "2026-01-01T00:00:00Z";
            objects[key] = stored;
            if (old is not null)
            {
                _text.Remove(old);
            }
            Publish(new StoredEvent(collection, rv, type, stored, old));
            return stored;
        }
    }

    // Under _sync: records the event and hands it to the open watches it concerns.
    private void Publish(StoredEvent e)
    {
        _history.Add(e);
        foreach (var watch in _watches)
        {
            if (watch.Collection == e.Collection && EventFor(watch.Filter, e) is { } line)
            {
                watch.Lines.Writer.TryWrite(line);
            }
        }
    }

    // Under _sync: the object's JSON, serialized once.
    private string Text(JsonObject obj)
    {
        if (!_text.TryGetValue(obj, out var text))
        {
            _text[obj] = text = obj.ToJsonString();
        }
        return text;
    }

    private string EventLine(string type, JsonObject obj) => $"{{\"type\":\"{type}\",\"object\":{Text(obj)}}}";

    // The event as a watch with this filter sees it: an object that stops matching is DELETED for it, one that starts matching ADDED.
    private string? EventFor(Filter filter, StoredEvent e)
    {
        var now = filter.Matches(e.Object);
        var before = e.Previous is not null && filter.Matches(e.Previous);
        var type = e.Type switch
        {
            "DELETED" => before ? "DELETED" : null,
            _ when now && before => "MODIFIED",
            _ when now => "ADDED",
            _ when before => "DELETED",
            _ => null,
        };
        return type is null ? null : EventLine(type, e.Object);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        lock (_sync)
        {
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                context.Response.StatusCode = _failureStatus;
                context.Response.ContentType = "application/json";
                return;
            }
        }
        if (!TryParsePath(request.Path.Value ?? "", out var collection, out var ns, out var name))
        {
            await WriteStatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
            return;
        }
        Filter filter;
        try
        {
            filter = new Filter(ns, request.Query["labelSelector"].ToString(), request.Query["fieldSelector"].ToString());
        }
        catch (FormatException e)
        {
            await WriteStatusAsync(context, 400, "BadRequest", e.Message);
            return;
        }
        if (HttpMethods.IsPost(request.Method) && name is null)
        {
            await CreateAsync(context, collection, ns);
        }
        else if (HttpMethods.IsPut(request.Method) && name is not null)
        {
            await ReplaceAsync(context, collection, ns, name);
        }
        else if (HttpMethods.IsDelete(request.Method) && name is not null)
        {
            await DeleteAsync(context, collection, ns, name);
        }
        else if (!HttpMethods.IsGet(request.Method))
        {
            await WriteStatusAsync(context, 405, "MethodNotAllowed", $"the server does not allow this method on the requested resource: {request.Method}");
        }
        else if (name is not null)
        {
            await GetAsync(context, collection, ns, name);
        }
        else if (request.Query["watch"] is var watch && (watch == "true" || watch == "1"))
        {
            await WatchAsync(context, collection, filter);
        }
        else
        {
            await ListAsync(context, collection, filter);
        }
    }

    // POST to a collection: creates the object the body holds (409 AlreadyExists when its name is taken).
    private async Task CreateAsync(HttpContext context, string collection, string? ns)
    {
        if (await ReadObjectAsync(context, ns) is not { } obj)
        {
            return;
        }
        var name = (string)obj["metadata"]!["name"]!;
        string body;
        lock (_sync)
        {
            if (_collections.TryGetValue(collection, out var objects) && objects.ContainsKey(Key(ns, name)))
            {
                body = "";
            }
            else
            {
                body = Text(Store(collection, obj, "ADDED"));
            }
        }
        if (body.Length == 0)
        {
            await WriteStatusAsync(context, 409, "AlreadyExists", $"{Resource(collection)} \"{name}\" already exists");
            return;
        }
        context.Response.StatusCode = 201;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    // PUT to an object: replaces it; a metadata.resourceVersion in the body must be the stored one (409 Conflict).
    private async Task ReplaceAsync(HttpContext context, string collection, string? ns, string name)
    {
        if (await ReadObjectAsync(context, ns) is not { } obj)
        {
            return;
        }
        if ((string?)obj["metadata"]!["name"] != name)
        {
            await WriteStatusAsync(context, 400, "BadRequest", $"the name of the object ({(string?)obj["metadata"]!["name"]}) does not match the name on the URL ({name})");
            return;
        }
        var expected = (string?)obj["metadata"]!["resourceVersion"];
        int status;
        string body = "";
        lock (_sync)
        {
            if (!_collections.TryGetValue(collection, out var objects) || !objects.TryGetValue(Key(ns, name), out var current))
            {
                status = 404;
            }
            else if (!string.IsNullOrEmpty(expected) && expected != (string?)current["metadata"]!["resourceVersion"])
            {
                status = 409;
            }
            else
            {
                status = 200;
                body = Text(Store(collection, obj, "MODIFIED"));
            }
        }
        switch (status)
        {
            case 404:
                await WriteStatusAsync(context, 404, "NotFound", $"{Resource(collection)} \"{name}\" not found");
                return;
            case 409:
                await WriteStatusAsync(context, 409, "Conflict", $"Operation cannot be fulfilled on {Resource(collection)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
                return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    // DELETE of an object, with DeleteOptions' preconditions (uid, resourceVersion) when the body has them.
    private async Task DeleteAsync(HttpContext context, string collection, string? ns, string name)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        JsonObject? preconditions = null;
        if (text.Length > 0)
        {
            try
            {
                preconditions = JsonNode.Parse(text)?["preconditions"] as JsonObject;
            }
            catch (System.Text.Json.JsonException e)
            {
                await WriteStatusAsync(context, 400, "BadRequest", e.Message);
                return;
            }
        }
        int status;
        string body = "";
        lock (_sync)
        {
            if (!_collections.TryGetValue(collection, out var objects) || !objects.TryGetValue(Key(ns, name), out var current))
            {
                status = 404;
            }
            else if ((preconditions?["resourceVersion"] is { } rv && (string?)rv != (string?)current["metadata"]!["resourceVersion"])
                || (preconditions?["uid"] is { } uid && (string?)uid != (string?)current["metadata"]!["uid"]))
            {
                status = 409;
            }
            else
            {
                status = 200;
                body = Text(current);
                Delete(collection, ns, name);
            }
        }
        switch (status)
        {
            case 404:
                await WriteStatusAsync(context, 404, "NotFound", $"{Resource(collection)} \"{name}\" not found");
                return;
            case 409:
                await WriteStatusAsync(context, 409, "Conflict", $"Operation cannot be fulfilled on {Resource(collection)} \"{name}\": the precondition does not hold");
                return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    // The request's body as an object with metadata.name, in the namespace of the path; null (answered 400) otherwise.
    private static async Task<JsonObject?> ReadObjectAsync(HttpContext context, string? ns)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        JsonObject? obj;
        try
        {
            obj = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            await WriteStatusAsync(context, 400, "BadRequest", e.Message);
            return null;
        }
        if (obj?["metadata"] is not JsonObject metadata || (string?)metadata["name"] is not { Length: > 0 })
        {
            await WriteStatusAsync(context, 422, "Invalid", "metadata.name: Required value: name is required");
            return null;
        }
        var bodyNamespace = (string?)metadata["namespace"];
        if (ns is not null && bodyNamespace is not null && bodyNamespace != ns)
        {
            await WriteStatusAsync(context, 400, "BadRequest", $"the namespace of the provided object ({bodyNamespace}) does not match the namespace sent on the request ({ns})");
            return null;
        }
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }
        return obj;
    }

    private static string Resource(string collection) => collection[(collection.LastIndexOf('/') + 1)..];

    private async Task GetAsync(HttpContext context, string collection, string? ns, string name)
    {
        string? body;
        lock (_sync)
        {
            body = _collections.TryGetValue(collection, out var objects) && objects.TryGetValue(Key(ns, name), out var obj) ? Text(obj) : null;
        }
        if (body is null)
        {
            await WriteStatusAsync(context, 404, "NotFound", $"\"{name}\" not found");
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private async Task ListAsync(HttpContext context, string collection, Filter filter)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], out var l) && l > 0 ? l : int.MaxValue;
        string? after = null;
        long listVersion;
        string items;
        string? next = null;
        lock (_sync)
        {
            listVersion = _resourceVersion;
            if (query["continue"].ToString() is { Length: > 0 } token)
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|', 2);
                listVersion = long.Parse(parts[0]);
                after = parts[1];
                if (listVersion < _compactedBelow)
                {
                    goto Expired;
                }
            }
            var matching = _collections.TryGetValue(collection, out var objects)
                ? objects.Where(o => filter.Matches(o.Value) && (after is null || string.CompareOrdinal(o.Key, after) > 0)).OrderBy(o => o.Key, StringComparer.Ordinal).Take(limit == int.MaxValue ? int.MaxValue : limit + 1).ToList()
                : [];
            if (matching.Count > limit)
            {
                matching.RemoveAt(limit);
                next = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{listVersion}|{matching[^1].Key}"));
            }
            items = string.Join(',', matching.Select(o => Text(o.Value)));
        }
        var metadata = new JsonObject { ["resourceVersion"] = listVersion.ToString() };
        if (next is not null)
        {
            metadata["continue"] = next;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{metadata.ToJsonString()},\"items\":[{items}]}}");
        return;

    Expired:
        await WriteStatusAsync(context, 410, "Expired", "The provided continue parameter is too old to display a consistent list result.");
    }

    private async Task WatchAsync(HttpContext context, string collection, Filter filter)
    {
        var query = context.Request.Query;
        var from = query["resourceVersion"].ToString();
        var watch = new OpenWatch(collection, filter, query["allowWatchBookmarks"] == "true", context);
        var gone = false;
        lock (_sync)
        {
            if (from is "" or "0")
            {
                // No version: the current state as ADDED events, then changes.
                if (_collections.TryGetValue(collection, out var objects))
                {
                    foreach (var obj in objects.Values.Where(filter.Matches))
                    {
                        watch.Lines.Writer.TryWrite(EventLine("ADDED", obj));
                    }
                }
            }
            else if (!long.TryParse(from, out var version) || version < _compactedBelow)
            {
                gone = true;
            }
            else
            {
                foreach (var e in _history.Where(e => e.Collection == collection && e.ResourceVersion > version))
                {
                    if (EventFor(filter, e) is { } line)
                    {
                        watch.Lines.Writer.TryWrite(line);
                    }
                }
            }
            if (!gone)
            {
                _watches.Add(watch);
            }
        }
        var message = $"too old resource version: {from} ({ResourceVersion})";
        if (gone && GoneAsHttpStatus)
        {
            await WriteStatusAsync(context, 410, "Expired", message);
            return;
        }
        context.Response.ContentType = "application/json";
        if (gone)
        {
            var error = new JsonObject { ["type"] = "ERROR", ["object"] = StatusObject(410, "Expired", message) };
            await context.Response.WriteAsync(error.ToJsonString() + "\n");
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }
        try
        {
            await context.Response.StartAsync(timeout.Token);
            await context.Response.Body.FlushAsync(timeout.Token);
            await foreach (var line in watch.Lines.Reader.ReadAllAsync(timeout.Token))
            {
                await context.Response.WriteAsync(line + "\n", timeout.Token);
                await context.Response.Body.FlushAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The watch's timeout, or the client went away.
        }
        finally
        {
            lock (_sync)
            {
                _watches.Remove(watch);
            }
        }
    }

    private static JsonObject StatusObject(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static async Task WriteStatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(StatusObject(code, reason, message).ToJsonString());
    }

    // /api/v1[/namespaces/ns]/resource[/name] or /apis/group/version[/namespaces/ns]/resource[/name].
    private static bool TryParsePath(string path, out string collection, out string? ns, out string? name)
    {
        collection = "";
        ns = null;
        name = null;
        var segments = path.Trim('/').Split('/');
        int prefixLength = segments.Length > 0 && segments[0] == "api" ? 2 : segments.Length > 0 && segments[0] == "apis" ? 3 : 0;
        if (prefixLength == 0 || segments.Length <= prefixLength)
        {
            return false;
        }
        var prefix = "/" + string.Join('/', segments[..prefixLength]);
        var rest = segments[prefixLength..];
        if (rest[0] == "namespaces" && rest.Length >= 3)
        {
            ns = rest[1];
            collection = $"{prefix}/{rest[2]}";
            name = rest.Length > 3 ? rest[3] : null;
            return rest.Length <= 4;
        }
        collection = $"{prefix}/{rest[0]}";
        name = rest.Length > 1 ? rest[1] : null;
        return rest.Length <= 2;
    }

    private static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    private sealed record StoredEvent(string Collection, long ResourceVersion, string Type, JsonObject Object, JsonObject? Previous);

    private sealed class OpenWatch(string collection, Filter filter, bool allowBookmarks, HttpContext context)
    {
        public string Collection { get; } = collection;
        public Filter Filter { get; } = filter;
        public bool AllowBookmarks { get; } = allowBookmarks;
        public HttpContext Context { get; } = context;
        public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>();
    }

    /// <summary>A request's namespace, label selector and field selector, as the API server evaluates them.</summary>
    private sealed class Filter
    {
        private readonly string? _namespace;
        private readonly List<Func<JsonObject, bool>> _requirements = [];

        public Filter(string? @namespace, string labelSelector, string fieldSelector)
        {
            _namespace = @namespace;
            foreach (var term in SplitTerms(labelSelector))
            {
                _requirements.Add(LabelRequirement(term));
            }
            foreach (var term in SplitTerms(fieldSelector))
            {
                _requirements.Add(FieldRequirement(term));
            }
        }

        public bool Matches(JsonObject obj)
        {
            if (_namespace is not null && (string?)obj["metadata"]?["namespace"] != _namespace)
            {
                return false;
            }
            return _requirements.All(r => r(obj));
        }

        private static Func<JsonObject, bool> LabelRequirement(string term)
        {
            static string? Label(JsonObject o, string key) => o["metadata"]?["labels"] is JsonObject labels && labels[key] is JsonNode v ? (string?)v : null;
            static string[] Values(string list)
            {
                var open = list.IndexOf('(');
                var close = list.LastIndexOf(')');
                if (open < 0 || close < open)
                {
                    throw new FormatException($"unable to parse requirement: set values must be in parentheses: {list}");
                }
                return list[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries);
            }
            if (term.StartsWith('!'))
            {
                var key = term[1..].Trim();
                return o => Label(o, key) is null;
            }
            var notIn = term.IndexOf(" notin ", StringComparison.Ordinal);
            if (notIn > 0)
            {
                var key = term[..notIn].Trim();
                var values = Values(term[notIn..]);
                return o => Label(o, key) is not { } v || !values.Contains(v);
            }
            var inSet = term.IndexOf(" in ", StringComparison.Ordinal);
            if (inSet > 0)
            {
                var key = term[..inSet].Trim();
                var values = Values(term[inSet..]);
                return o => Label(o, key) is { } v && values.Contains(v);
            }
            if (SplitComparison(term) is var (k, op, value))
            {
                return op == "!=" ? o => Label(o, k) != value : o => Label(o, k) == value;
            }
            var exists = term.Trim();
            return o => Label(o, exists) is not null;
        }

        private static Func<JsonObject, bool> FieldRequirement(string term)
        {
            if (SplitComparison(term) is not var (field, op, value))
            {
                throw new FormatException($"invalid selector: '{term}'; can't understand '{term}'");
            }
            Func<JsonObject, string?> get = field switch
            {
                "metadata.name" => o => (string?)o["metadata"]?["name"],
                "metadata.namespace" => o => (string?)o["metadata"]?["namespace"],
                _ => throw new FormatException($"field label not supported: {field}"),
            };
            return op == "!=" ? o => get(o) != value : o => get(o) == value;
        }

        private static (string Key, string Op, string Value)? SplitComparison(string term)
        {
            foreach (var op in new[] { "!=", "==", "=" })
            {
                var at = term.IndexOf(op, StringComparison.Ordinal);
                if (at > 0)
                {
                    return (term[..at].Trim(), op, term[(at + op.Length)..].Trim());
                }
            }
            return null;
        }

        // Commas separate requirements, except inside the parentheses of a set.
        private static IEnumerable<string> SplitTerms(string selector)
        {
            var depth = 0;
            var start = 0;
            for (var i = 0; i <= selector.Length; i++)
            {
                if (i == selector.Length || (selector[i] == ',' && depth == 0))
                {
                    var term = selector[start..i].Trim();
                    if (term.Length > 0)
                    {
                        yield return term;
                    }
                    start = i + 1;
                }
                else if (selector[i] == '(')
                {
                    depth++;
                }
                else if (selector[i] == ')')
                {
                    depth--;
                }
            }
        }
    }
}
