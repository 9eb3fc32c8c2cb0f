using System.Globalization;
using System.Text;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Model;

namespace OrleansScrape.Otlp.Exporters.File;

/// <summary>
/// Appends each export as one line of OTLP/JSON (an <c>ExportMetricsServiceRequest</c>) to a file.
/// When the file would pass <see cref="FileExporterOptions.MaxMegabytes"/> it is renamed with a
/// timestamp (<c>name-20261124T203000.123.ext</c>) and a new one started; the oldest rotated files
/// beyond <see cref="FileExporterOptions.MaxBackups"/> are deleted.
/// </summary>
public sealed class FileExporter : IMetricsExporter, IDisposable
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _maxBackups;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private FileStream? _file;

    public FileExporter(string name, FileExporterOptions options, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Exporter '{name}' is misconfigured: {string.Join(" ", problems)}", nameof(options));
        }
        Name = name;
        _path = System.IO.Path.GetFullPath(options.Path);
        _maxBytes = options.MaxMegabytes * 1024 * 1024;
        _maxBackups = options.MaxBackups;
        _clock = clock ?? TimeProvider.System;
    }

    public string Name { get; }

    public async Task ExportAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken)
    {
        var line = Encoding.UTF8.GetBytes(OtlpJsonEncoder.ToJson(OtlpRequestEncoder.Encode(batches)) + "\n");
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = Open();
            if (_maxBytes > 0 && file.Length > 0 && file.Length + line.Length > _maxBytes)
            {
                Rotate();
                file = Open();
            }
            await file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw new ExportFailedException($"{Name}: writing {_path} failed: {exception.Message}", isRetryable: true, innerException: exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new ExportFailedException($"{Name}: writing {_path} is not allowed: {exception.Message}", isRetryable: false, innerException: exception);
        }
        finally
        {
            _lock.Release();
        }
    }

    private FileStream Open()
    {
        if (_file is null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
            _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
        return _file;
    }

    private void Rotate()
    {
        _file?.Dispose();
        _file = null;
        var directory = System.IO.Path.GetDirectoryName(_path)!;
        var stem = System.IO.Path.GetFileNameWithoutExtension(_path);
        var extension = System.IO.Path.GetExtension(_path);
        var stamp = _clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss.fff", CultureInfo.InvariantCulture);
        var target = System.IO.Path.Combine(directory, $"{stem}-{stamp}{extension}");
        for (var n = 1; System.IO.File.Exists(target); n++)
        {
            target = System.IO.Path.Combine(directory, $"{stem}-{stamp}-{n}{extension}");
        }
        System.IO.File.Move(_path, target);
        if (_maxBackups > 0)
        {
            var backups = Directory.GetFiles(directory, $"{stem}-*{extension}").Order(StringComparer.Ordinal).ToList();
            foreach (var old in backups.Take(Math.Max(0, backups.Count - _maxBackups)))
            {
                System.IO.File.Delete(old);
            }
        }
    }

    public void Dispose()
    {
        _file?.Dispose();
        _lock.Dispose();
    }
}
