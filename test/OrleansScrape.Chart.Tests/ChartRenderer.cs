using System.Diagnostics;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace OrleansScrape.Chart.Tests;

/// <summary>
/// Renders helm/orleans-scrape with the helm-template tool that lives beside the project
/// (../shared/tools/helm-template), and loads the manifests with KubernetesClient's typed models.
/// </summary>
public sealed class ChartRenderer
{
    private static readonly Lazy<ChartRenderer> Shared = new(() => new ChartRenderer());

    private ChartRenderer()
    {
        RepositoryRoot = FindRepositoryRoot();
        var buildScript = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "tools", "helm-template", "build.sh"));
        if (!File.Exists(buildScript))
        {
            throw new FileNotFoundException($"The helm-template tool's build script is missing (expected beside the project at {buildScript}).", buildScript);
        }

        // The first build on a fresh machine installs golang-go with apt-get: about a minute.
        var build = Run("bash", [buildScript], TimeSpan.FromMinutes(10));
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"{buildScript} failed ({build.ExitCode}):\n{build.StandardError}");
        }

        ToolPath = build.StandardOutput.Trim().Split('\n')[^1].Trim();
        ChartPath = Path.Combine(RepositoryRoot, "helm", "orleans-scrape");
    }

    public static ChartRenderer Instance => Shared.Value;

    public string RepositoryRoot { get; }

    public string ToolPath { get; }

    public string ChartPath { get; }

    /// <summary>Runs the tool as `helm template obs helm/orleans-scrape --namespace otel` with the arguments given.</summary>
    public ProcessResult Render(params string[] arguments) =>
        Run(ToolPath, [ChartPath, "--name", "obs", "--namespace", "otel", .. arguments], TimeSpan.FromMinutes(1));

    /// <summary>Renders, fails on a rendering error, and loads every manifest strictly.</summary>
    public RenderedChart RenderManifests(params string[] arguments)
    {
        var result = Render(arguments);
        Assert.True(result.ExitCode == 0, $"rendering failed ({result.ExitCode}):\n{result.StandardError}");
        return RenderedChart.Load(result.StandardOutput);
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

        throw new DirectoryNotFoundException($"No directory above {AppContext.BaseDirectory} holds OrleansScrape.sln.");
    }

    private static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout}.");
        }

        return new ProcessResult(process.ExitCode, standardOutput.Result, standardError.Result);
    }
}

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>The manifests of one rendering, each loaded as its typed model.</summary>
public sealed partial class RenderedChart
{
    // Kubernetes' own types for every kind the chart renders; strict loading fails on a field
    // the type does not have, so a misplaced or misspelt key fails the test.
    private static readonly Dictionary<string, Func<string, IKubernetesObject<V1ObjectMeta>>> Kinds = new()
    {
        ["ConfigMap"] = yaml => KubernetesYaml.Deserialize<V1ConfigMap>(yaml, strict: true),
        ["Service"] = yaml => KubernetesYaml.Deserialize<V1Service>(yaml, strict: true),
        ["ServiceAccount"] = yaml => KubernetesYaml.Deserialize<V1ServiceAccount>(yaml, strict: true),
        ["ClusterRole"] = yaml => KubernetesYaml.Deserialize<V1ClusterRole>(yaml, strict: true),
        ["ClusterRoleBinding"] = yaml => KubernetesYaml.Deserialize<V1ClusterRoleBinding>(yaml, strict: true),
        ["Deployment"] = yaml => KubernetesYaml.Deserialize<V1Deployment>(yaml, strict: true),
        ["StatefulSet"] = yaml => KubernetesYaml.Deserialize<V1StatefulSet>(yaml, strict: true),
        ["HorizontalPodAutoscaler"] = yaml => KubernetesYaml.Deserialize<V2HorizontalPodAutoscaler>(yaml, strict: true),
        ["PodDisruptionBudget"] = yaml => KubernetesYaml.Deserialize<V1PodDisruptionBudget>(yaml, strict: true),
    };

    private RenderedChart(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> manifests) => Manifests = manifests;

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Manifests { get; }

    public V1Deployment Scraper => Single<V1Deployment>("obs-orleans-scrape-scraper");

    public V1StatefulSet Gateway => Single<V1StatefulSet>("obs-orleans-scrape-gateway");

    public V1ConfigMap Config => Single<V1ConfigMap>("obs-orleans-scrape");

    public static RenderedChart Load(string output)
    {
        var manifests = new List<IKubernetesObject<V1ObjectMeta>>();
        foreach (var document in DocumentSeparator().Split(output))
        {
            if (string.IsNullOrWhiteSpace(CommentLine().Replace(document, string.Empty)))
            {
                continue;
            }

            var kind = KindLine().Match(document);
            Assert.True(kind.Success, $"a manifest without a kind:\n{document}");
            Assert.True(Kinds.TryGetValue(kind.Groups[1].Value, out var deserialize), $"an unexpected kind {kind.Groups[1].Value}");
            manifests.Add(deserialize(document));
        }

        return new RenderedChart(manifests);
    }

    public IEnumerable<T> All<T>() => Manifests.OfType<T>();

    public T Single<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        Assert.Single(All<T>(), manifest => manifest.Metadata.Name == name);

    [GeneratedRegex(@"^---[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"^[ \t]*#.*$", RegexOptions.Multiline)]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"^kind:[ \t]*([A-Za-z]+)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex KindLine();
}
