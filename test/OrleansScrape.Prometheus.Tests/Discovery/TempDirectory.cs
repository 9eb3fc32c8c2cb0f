namespace OrleansScrape.Prometheus.Tests.Discovery;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orleansscrape-sd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file atomically (temp file + rename), as tools that generate SD files should.</summary>
    public string Write(string name, string content)
    {
        var target = File(name);
        var temp = File("." + name + "." + Guid.NewGuid().ToString("N") + ".tmp");
        System.IO.File.WriteAllText(temp, content);
        System.IO.File.Move(temp, target, overwrite: true);
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher of a test that failed may still hold the directory; the temp folder is cleaned eventually.
        }
    }
}
