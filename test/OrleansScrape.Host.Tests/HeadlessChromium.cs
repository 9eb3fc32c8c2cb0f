using System.Diagnostics;

namespace OrleansScrape.Host.Tests;

/// <summary>
/// Debian's Chromium, headless, for tests of pages: installed with apt when missing (the tests run
/// as root on CI machines; elsewhere the message says what to install), started with the flags that
/// keep it off the network, one fresh profile per call.
/// </summary>
internal static class HeadlessChromium
{
    private const string Binary = "/usr/bin/chromium";
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Binary))
        {
            return;
        }
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Binary))
            {
                return;
            }
            if (Environment.UserName != "root")
            {
                throw new InvalidOperationException($"{Binary} is missing: install Debian's chromium package (apt-get install chromium) to run the page tests.");
            }
            await RunAsync("apt-get", ["update", "-qq"], TimeSpan.FromMinutes(5));
            await RunAsync("apt-get", ["install", "-y", "-qq", "chromium"], TimeSpan.FromMinutes(10));
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>The page's DOM after Chromium loaded and rendered it.</summary>
    public static Task<string> DumpDomAsync(Uri url) => RunChromiumAsync(["--dump-dom", url.ToString()]);

    /// <summary>Renders the page to a PNG file.</summary>
    public static Task ScreenshotAsync(Uri url, string path) =>
        RunChromiumAsync([$"--screenshot={path}", "--window-size=1280,900", url.ToString()]);

    private static async Task<string> RunChromiumAsync(string[] arguments)
    {
        await EnsureInstalledAsync();
        var profile = Directory.CreateTempSubdirectory("orleans-scrape-chromium-").FullName;
        try
        {
            string[] flags =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile}",
            ];
            return await RunAsync(Binary, [.. flags, .. arguments], TimeSpan.FromSeconds(90));
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout.TotalSeconds}s: {await stderr}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}");
        }
        return await stdout;
    }
}
