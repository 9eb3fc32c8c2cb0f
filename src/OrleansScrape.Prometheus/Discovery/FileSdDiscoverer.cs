using System.Text;
using System.Threading.Channels;

namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// Prometheus's file_sd: reads target groups from the configured JSON/YAML files (last-element globs
/// expanded), re-reads them when the file system reports a change in their directories (debounced) and
/// every <see cref="FileSdConfig.RefreshInterval"/>. Each group carries <c>__meta_filepath</c> and the
/// Source <c>path:index</c>. A file that cannot be read or parsed keeps its last good groups and reports
/// the error; a file that no longer exists (or no longer matches) loses its groups.
/// </summary>
/// <remarks>
/// Refreshes run one at a time on a background loop, so <see cref="Changed"/> is raised on a thread-pool
/// thread (or on the caller of <see cref="StartAsync"/> for the first read); a handler in a grain should
/// hand the work back to the grain rather than touch its state directly. Disposing stops the loop, the
/// timers and the watchers, and no event is raised afterwards.
/// </remarks>
public sealed class FileSdDiscoverer : ITargetDiscoverer
{
    public const string FilePathLabel = "__meta_filepath";

    /// <summary>Quiet time after the last file-system event before re-reading: writers emit bursts of events.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(100);

    private readonly FileSdConfig _config;
    private readonly TimeProvider _time;
    private readonly TimeSpan _debounce;
    private readonly Lock _sync = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<bool> _triggers = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    // Watched directory -> watcher, and the last-element patterns that matter in each directory.
    private readonly Dictionary<string, FileSystemWatcher> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _patternsByDirectory = new(StringComparer.Ordinal);
    // Only touched by the refresh in progress (refreshes never overlap).
    private Dictionary<string, IReadOnlyList<TargetGroup>> _groupsByFile = new(StringComparer.Ordinal);
    // Published together under _sync, so a reader never sees the groups of one refresh with the errors of another.
    private IReadOnlyList<TargetGroup> _current = [];
    private IReadOnlyDictionary<string, string> _fileErrors = new Dictionary<string, string>(StringComparer.Ordinal);
    private string? _lastError;
    private long _readErrors;
    private ITimer? _debounceTimer;
    private ITimer? _refreshTimer;
    private bool _started;
    private bool _disposed;

    public FileSdDiscoverer(FileSdConfig config, TimeProvider? timeProvider = null, TimeSpan? debounce = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Files.Count == 0)
        {
            throw new ArgumentException("file_sd needs at least one file", nameof(config));
        }
        if (config.RefreshInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(config), config.RefreshInterval, "the refresh interval must be greater than zero");
        }
        _config = config;
        _time = timeProvider ?? TimeProvider.System;
        _debounce = debounce ?? DefaultDebounce;
        foreach (var file in config.Files)
        {
            var directory = Path.GetDirectoryName(file) is { Length: > 0 } d ? d : Directory.GetCurrentDirectory();
            if (!_patternsByDirectory.TryGetValue(directory, out var patterns))
            {
                _patternsByDirectory[directory] = patterns = [];
            }
            patterns.Add(Path.GetFileName(file));
        }
    }

    /// <summary>The target groups of every matching file, in file order; a new list on each change.</summary>
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

    /// <summary>Why each file whose last read failed could not be used (path -> message); its last good groups stay in <see cref="Current"/>.</summary>
    public IReadOnlyDictionary<string, string> FileErrors
    {
        get
        {
            lock (_sync)
            {
                return _fileErrors;
            }
        }
    }

    /// <summary>The latest error of the latest refresh, or null when every file of it was read.</summary>
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

    /// <summary>How many file reads failed since start (Prometheus's prometheus_sd_file_read_errors_total).</summary>
    public long ReadErrorCount => Interlocked.Read(ref _readErrors);

    /// <summary>Raised after <see cref="Current"/> changed.</summary>
    public event Action? Changed;

    /// <summary>
    /// Starts watching, reads every file once (read errors are reported through <see cref="FileErrors"/>,
    /// not thrown), then keeps refreshing in the background until disposed.
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
            _debounceTimer = _time.CreateTimer(_ => Trigger(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        // Watch before the first read, so a change made during it is not missed.
        EnsureWatchers();
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
            _refreshTimer = _time.CreateTimer(_ => Trigger(), null, _config.RefreshInterval, _config.RefreshInterval);
            _ = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }
    }

    public void Dispose()
    {
        List<FileSystemWatcher> watchers;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            watchers = [.. _watchers.Values];
            _watchers.Clear();
        }
        _stop.Cancel();
        _triggers.Writer.TryComplete();
        _debounceTimer?.Dispose();
        _refreshTimer?.Dispose();
        // Outside the lock: an event callback in flight may be waiting for it.
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _triggers.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _triggers.Reader.TryRead(out _);
                try
                {
                    await RefreshAsync(cancellationToken).ConfigureAwait(false);
                    EnsureWatchers();
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // A throwing Changed handler must not end discovery; the next trigger refreshes again.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Trigger() => _triggers.Writer.TryWrite(true);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var groupsByFile = new Dictionary<string, IReadOnlyList<TargetGroup>>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? lastError = null;
        foreach (var path in ListFiles())
        {
            if (groupsByFile.ContainsKey(path) || errors.ContainsKey(path))
            {
                continue;
            }
            try
            {
                groupsByFile[path] = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TargetGroupFormatException)
            {
                // As Prometheus: a file that fails keeps the groups of its last good read (a half-written
                // file must not drop its targets); a file that no longer exists is not listed and is dropped.
                Interlocked.Increment(ref _readErrors);
                lastError = e is TargetGroupFormatException format ? format.Describe(path) : $"{path}: {e.Message}";
                errors[path] = lastError;
                if (_groupsByFile.TryGetValue(path, out var previous))
                {
                    groupsByFile[path] = previous;
                }
            }
        }

        var current = new List<TargetGroup>();
        foreach (var path in groupsByFile.Keys)
        {
            current.AddRange(groupsByFile[path]);
        }

        bool changed;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            _groupsByFile = groupsByFile;
            _fileErrors = errors;
            _lastError = lastError;
            changed = !current.SequenceEqual(_current);
            if (changed)
            {
                _current = current;
            }
        }
        if (changed)
        {
            Changed?.Invoke();
        }
    }

    private IEnumerable<string> ListFiles()
    {
        foreach (var pattern in _config.Files)
        {
            foreach (var file in FileSdGlob.Expand(pattern))
            {
                yield return file;
            }
        }
    }

    private static async Task<IReadOnlyList<TargetGroup>> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".json" => TargetGroupParser.ParseJson(content, path, FilePathLabel, path),
            // The name rule of the configuration admits only .json, .yml and .yaml.
            _ => TargetGroupParser.ParseYaml(Encoding.UTF8.GetString(content).TrimStart('\uFEFF'), path, FilePathLabel, path),
        };
    }

    // As Prometheus, directories are (re)watched after each refresh: one created later, or one whose
    // watcher failed, is picked up, and the periodic refresh covers the time in between.
    private void EnsureWatchers()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            foreach (var directory in _patternsByDirectory.Keys)
            {
                if (_watchers.ContainsKey(directory) || !Directory.Exists(directory))
                {
                    continue;
                }
                FileSystemWatcher? watcher = null;
                try
                {
                    watcher = new FileSystemWatcher(directory)
                    {
                        IncludeSubdirectories = false,
                        // Everything but attribute changes (Prometheus ignores chmod events).
                        NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                            | NotifyFilters.Size | NotifyFilters.CreationTime,
                    };
                    var patterns = _patternsByDirectory[directory];
                    watcher.Changed += (_, e) => OnEvent(patterns, e.Name, null);
                    watcher.Created += (_, e) => OnEvent(patterns, e.Name, null);
                    watcher.Deleted += (_, e) => OnEvent(patterns, e.Name, null);
                    watcher.Renamed += (_, e) => OnEvent(patterns, e.Name, e.OldName);
                    watcher.Error += (_, _) => OnWatcherError(directory, watcher);
                    watcher.EnableRaisingEvents = true;
                    _watchers[directory] = watcher;
                }
                catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
                {
                    // Out of watches or the directory vanished: the periodic refresh still runs.
                    watcher?.Dispose();
                    _lastError ??= $"{directory}: cannot watch the directory: {e.Message}";
                }
            }
        }
    }

    private void OnEvent(List<string> patterns, string? name, string? oldName)
    {
        if (!Relevant(patterns, name) && !Relevant(patterns, oldName))
        {
            return;
        }
        lock (_sync)
        {
            if (!_disposed)
            {
                _debounceTimer?.Change(_debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private static bool Relevant(List<string> patterns, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }
        foreach (var pattern in patterns)
        {
            if (FileSdGlob.HasWildcard(pattern) ? FileSdGlob.IsMatch(pattern, name) : pattern == name)
            {
                return true;
            }
        }
        return false;
    }

    // Lost events (buffer overflow) or a watch that broke: drop the watcher so the next refresh recreates
    // it, and refresh now since changes may have been missed.
    private void OnWatcherError(string directory, FileSystemWatcher watcher)
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            if (_watchers.TryGetValue(directory, out var current) && current == watcher)
            {
                _watchers.Remove(directory);
            }
            _debounceTimer?.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
        watcher.Dispose();
    }
}
