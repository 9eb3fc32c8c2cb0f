namespace OrleansScrape.Prometheus.Http;

/// <summary>
/// A secret given inline or as a file. The file is read on every use, so a rotated secret is
/// picked up without a reload, and trimmed of surrounding whitespace as Prometheus does.
/// </summary>
internal sealed class SecretSource
{
    private readonly string? _inline;
    private readonly string? _file;

    private SecretSource(string? inline, string? file)
    {
        _inline = inline;
        _file = file;
    }

    /// <summary>"inline" or "file PATH", for messages (never the secret itself).</summary>
    public string Description => _file is null ? "inline" : $"file {_file}";

    /// <summary>The inline value when there is one, else the file; null when neither is set.</summary>
    public static SecretSource? From(string? inline, string? file) =>
        !string.IsNullOrEmpty(inline) ? new SecretSource(inline, null)
        : !string.IsNullOrEmpty(file) ? new SecretSource(null, file)
        : null;

    public string Read()
    {
        if (_file is null)
        {
            return _inline!;
        }
        try
        {
            return File.ReadAllText(_file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"unable to read file {_file}: {e.Message}", e);
        }
    }

    public async ValueTask<string> ReadAsync(CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            return _inline!;
        }
        try
        {
            return (await File.ReadAllTextAsync(_file, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"unable to read file {_file}: {e.Message}", e);
        }
    }
}
