using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OrleansScrape.Testing;

/// <summary>
/// A real Azurite (the Azure Storage emulator from npm) serving blob, queue and table storage on
/// free loopback ports, in memory, as a child process of the test. Azurite is installed once per
/// machine into <c>&lt;repo&gt;/test/.azurite</c> (ignored by git); CI needs only Node and npm.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string Version = "3.37.0";
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private readonly Process _process;
    private readonly OutputBuffer _output;
    private readonly string _workspace;

    private Azurite(Process process, OutputBuffer output, string workspace, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
        _workspace = workspace;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");
    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");
    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    /// <summary>Connection string for the development account, with all three endpoints.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>What Azurite has written to stdout and stderr so far.</summary>
    public string Output => _output.ToString();

    /// <summary>Installs Azurite if needed, starts it and waits until blob, queue and table accept connections.</summary>
    public static async Task<Azurite> StartAsync(CancellationToken cancellationToken = default)
    {
        var installFolder = Path.Combine(FindRepositoryRoot(), "test", ".azurite");
        var entryPoint = await EnsureInstalledAsync(installFolder, cancellationToken);

        var workspace = Path.Combine(Path.GetTempPath(), "orleansscrape-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workspace);
        var (blobPort, queuePort, tablePort) = FreePorts();

        var start = new ProcessStartInfo("node")
        {
            // --location cannot be combined with --inMemoryPersistence; anything Azurite still writes lands here.
            WorkingDirectory = workspace,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[]
                 {
                     entryPoint,
                     "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(),
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new OutputBuffer();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => output.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start node for Azurite.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, output, workspace, blobPort, queuePort, tablePort);
        try
        {
            await azurite.WaitUntilListeningAsync(cancellationToken);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_workspace, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"Azurite exited with code {_process.ExitCode} before listening on port {port}:\n{Output}");
                }

                if (await AcceptsConnectionsAsync(port, cancellationToken))
                {
                    break;
                }

                if (deadline.Elapsed > StartTimeout)
                {
                    throw new TimeoutException(
                        $"Azurite did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds:0} s:\n{Output}");
                }

                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static (int Blob, int Queue, int Table) FreePorts()
    {
        // Hold all three listeners at once so the ports are distinct.
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansScrape.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansScrape.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Installs Azurite into <paramref name="folder"/> unless done before; returns the script to run with node.</summary>
    private static async Task<string> EnsureInstalledAsync(string folder, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(folder, $"installed-{Version}");
        if (!File.Exists(marker))
        {
            await InstallGate.WaitAsync(cancellationToken);
            try
            {
                Directory.CreateDirectory(folder);
                await using var machineLock = await AcquireLockAsync(Path.Combine(folder, "install.lock"), cancellationToken);
                if (!File.Exists(marker))
                {
                    await RunNpmInstallAsync(folder, cancellationToken);
                    await File.WriteAllTextAsync(marker, DateTimeOffset.UtcNow.ToString("O"), cancellationToken);
                }
            }
            finally
            {
                InstallGate.Release();
            }
        }

        return EntryPoint(Path.Combine(folder, "node_modules", "azurite"));
    }

    private static string EntryPoint(string package)
    {
        // The "azurite" bin of the package; running it with node works on every OS.
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "package.json")));
        var bin = manifest.RootElement.GetProperty("bin");
        var relative = bin.ValueKind == JsonValueKind.String ? bin.GetString() : bin.GetProperty("azurite").GetString();
        var path = Path.GetFullPath(Path.Combine(package, relative ?? throw new InvalidOperationException("azurite has no bin.")));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Azurite is installed without its entry point {path}; delete {package} and retry.");
        }

        return path;
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < InstallTimeout + TimeSpan.FromMinutes(1))
            {
                // Another test process is installing.
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static async Task RunNpmInstallAsync(string folder, CancellationToken cancellationToken)
    {
        var npmArguments = new[] { "install", "--no-audit", "--no-fund", "--prefix", folder, $"azurite@{Version}" };
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/c", "npm" } }
            : new ProcessStartInfo("npm");
        foreach (var argument in npmArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.WorkingDirectory = folder;
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;

        var output = new OutputBuffer();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => output.Append(e.Data);
        var command = "npm " + string.Join(' ', npmArguments);
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Could not run `{command}`; Azurite tests need Node.js and npm on PATH.", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InstallTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"`{command}` did not finish within {InstallTimeout.TotalMinutes:0} minutes:\n{output}");
        }

        if (process.ExitCode != 0 || !Directory.Exists(Path.Combine(folder, "node_modules", "azurite")))
        {
            throw new InvalidOperationException($"`{command}` failed with exit code {process.ExitCode}:\n{output}");
        }
    }

    private sealed class OutputBuffer
    {
        private readonly StringBuilder _text = new();

        public void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_text)
            {
                _text.AppendLine(line);
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
