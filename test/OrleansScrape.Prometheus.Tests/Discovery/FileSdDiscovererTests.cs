using OrleansScrape.Prometheus.Discovery;

namespace OrleansScrape.Prometheus.Tests.Discovery;

public sealed class FileSdDiscovererTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static FileSdDiscoverer Discoverer(params string[] files) =>
        new(new FileSdConfig { Files = files });

    private static string[] Addresses(IEnumerable<TargetGroup> groups) =>
        groups.SelectMany(g => g.Targets).Select(t => t["__address__"]).ToArray();

    [Fact]
    public async Task Json_file_groups_carry_meta_filepath_and_a_file_index_source()
    {
        var path = _dir.Write("targets.json", """
            [
              { "targets": ["10.0.0.1:9100", "10.0.0.2:9100"], "labels": { "env": "prod" } },
              { "targets": ["10.0.0.3:9100"] }
            ]
            """);
        using var discoverer = Discoverer(path);

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Collection(discoverer.Current,
            first =>
            {
                Assert.Equal($"{path}:0", first.Source);
                Assert.Equal(["10.0.0.1:9100", "10.0.0.2:9100"], Addresses([first]));
                Assert.Equal("prod", first.Labels["env"]);
                Assert.Equal(path, first.Labels["__meta_filepath"]);
            },
            second =>
            {
                Assert.Equal($"{path}:1", second.Source);
                var only = Assert.Single(second.Labels);
                Assert.Equal(new KeyValuePair<string, string>("__meta_filepath", path), only);
            });
        Assert.Null(discoverer.LastError);
    }

    [Fact]
    public async Task Yaml_file_groups_carry_meta_filepath_and_a_file_index_source()
    {
        var path = _dir.Write("targets.yml", """
            - targets: ['db-1:9187', db-2:9187]
              labels:
                team: data
                empty: ""
            - targets:
                - cache:9121
            """);
        using var discoverer = Discoverer(path);

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Equal(2, discoverer.Current.Count);
        Assert.Equal(["db-1:9187", "db-2:9187", "cache:9121"], Addresses(discoverer.Current));
        Assert.Equal($"{path}:0", discoverer.Current[0].Source);
        Assert.Equal($"{path}:1", discoverer.Current[1].Source);
        Assert.Equal("data", discoverer.Current[0].Labels["team"]);
        Assert.Equal("", discoverer.Current[0].Labels["empty"]);
        Assert.All(discoverer.Current, g => Assert.Equal(path, g.Labels["__meta_filepath"]));
    }

    [Fact]
    public async Task Glob_in_the_last_element_reads_every_matching_file_in_name_order()
    {
        var b = _dir.Write("tg_b.json", """[{ "targets": ["b:1"] }]""");
        var a = _dir.Write("tg_a.json", """[{ "targets": ["a:1"] }]""");
        _dir.Write("other.json", """[{ "targets": ["other:1"] }]""");
        _dir.Write("tg_c.yml", "- targets: ['c:1']");
        using var discoverer = Discoverer(_dir.File("tg_*.json"));

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Equal(["a:1", "b:1"], Addresses(discoverer.Current));
        Assert.Equal([$"{a}:0", $"{b}:0"], discoverer.Current.Select(g => g.Source));
    }

    [Fact]
    public async Task Changed_file_raises_Changed_and_updates_Current()
    {
        var path = _dir.Write("targets.json", """[{ "targets": ["old:9100"] }]""");
        using var discoverer = Discoverer(path);
        var changes = 0;
        discoverer.Changed += () => Interlocked.Increment(ref changes);
        await discoverer.StartAsync(CancellationToken.None);
        Assert.Equal(1, Volatile.Read(ref changes));

        _dir.Write("targets.json", """[{ "targets": ["new:9100"], "labels": { "v": "2" } }]""");

        await Eventually.True(() => Addresses(discoverer.Current).SequenceEqual(["new:9100"]), "the rewritten file's target");
        Assert.True(Volatile.Read(ref changes) >= 2);
        Assert.Equal("2", discoverer.Current[0].Labels["v"]);
    }

    [Fact]
    public async Task New_file_matching_the_glob_is_picked_up()
    {
        _dir.Write("a.json", """[{ "targets": ["a:1"] }]""");
        using var discoverer = Discoverer(_dir.File("*.json"));
        await discoverer.StartAsync(CancellationToken.None);

        _dir.Write("b.json", """[{ "targets": ["b:1"] }]""");

        await Eventually.True(() => Addresses(discoverer.Current).SequenceEqual(["a:1", "b:1"]), "the new file's target");
    }

    [Fact]
    public async Task Deleted_file_removes_its_groups()
    {
        _dir.Write("a.json", """[{ "targets": ["a:1"] }]""");
        var b = _dir.Write("b.yaml", "- targets: ['b:1']\n- targets: ['b:2']");
        using var discoverer = Discoverer(_dir.File("*.json"), _dir.File("*.yaml"));
        await discoverer.StartAsync(CancellationToken.None);
        Assert.Equal(["a:1", "b:1", "b:2"], Addresses(discoverer.Current));

        File.Delete(b);

        await Eventually.True(() => Addresses(discoverer.Current).SequenceEqual(["a:1"]), "the deleted file's groups to go");
        Assert.Null(discoverer.LastError);
    }

    [Fact]
    public async Task Malformed_file_keeps_the_last_good_groups_and_reports_the_error()
    {
        var path = _dir.Write("targets.json", """[{ "targets": ["good:9100"] }]""");
        using var discoverer = Discoverer(path);
        await discoverer.StartAsync(CancellationToken.None);
        var good = discoverer.Current;

        // What a reader sees of a file caught half-written.
        _dir.Write("targets.json", """[{ "targets": ["good:9100", "ne""");

        await Eventually.True(() => discoverer.FileErrors.ContainsKey(path), "the parse error to be reported");
        Assert.Equal(good, discoverer.Current);
        Assert.StartsWith($"{path}:1:", discoverer.FileErrors[path]);
        Assert.Contains("invalid JSON", discoverer.FileErrors[path]);
        Assert.Equal(discoverer.FileErrors[path], discoverer.LastError);
        Assert.True(discoverer.ReadErrorCount >= 1);

        _dir.Write("targets.json", """[{ "targets": ["good:9100", "next:9100"] }]""");

        await Eventually.True(() => Addresses(discoverer.Current).SequenceEqual(["good:9100", "next:9100"]), "the repaired file");
        Assert.Empty(discoverer.FileErrors);
        Assert.Null(discoverer.LastError);
    }

    [Fact]
    public async Task Malformed_file_at_start_is_reported_not_thrown()
    {
        var bad = _dir.Write("bad.yml", "- targets: [unclosed");
        var good = _dir.Write("good.yml", "- targets: ['ok:1']");
        using var discoverer = Discoverer(_dir.File("*.yml"));

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Equal(["ok:1"], Addresses(discoverer.Current));
        Assert.Equal($"{good}:0", discoverer.Current[0].Source);
        var error = Assert.Single(discoverer.FileErrors);
        Assert.Equal(bad, error.Key);
        Assert.Contains("invalid YAML", error.Value);
    }

    [Fact]
    public async Task Invalid_label_name_rejects_the_file()
    {
        var path = _dir.Write("targets.yml", """
            - targets: ['a:1']
              labels:
                bad-name: x
            """);
        using var discoverer = Discoverer(path);

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Empty(discoverer.Current);
        Assert.Equal($"{path}:3:5: group 0: \"bad-name\" is not a valid label name", discoverer.LastError);
    }

    [Fact]
    public async Task Non_string_target_rejects_the_file()
    {
        var path = _dir.Write("targets.json", """[{ "targets": ["a:1", 9100] }]""");
        using var discoverer = Discoverer(path);

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Empty(discoverer.Current);
        Assert.Equal($"{path}: group 0: targets[1] must be a string, found a number", discoverer.LastError);
    }

    [Fact]
    public async Task Target_with_a_path_or_scheme_rejects_the_file()
    {
        var path = _dir.Write("targets.json", """[{ "targets": ["http://a:1/metrics"] }]""");
        using var discoverer = Discoverer(path);

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Empty(discoverer.Current);
        Assert.Equal($"{path}: group 0: \"http://a:1/metrics\" is not a valid hostname", discoverer.LastError);
    }

    [Fact]
    public async Task Unknown_field_in_a_group_rejects_the_file()
    {
        var path = _dir.Write("targets.yaml", "- targets: ['a:1']\n  label: {}\n");
        using var discoverer = Discoverer(path);

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Empty(discoverer.Current);
        Assert.Equal($"{path}:2:3: group 0: unknown field \"label\"", discoverer.LastError);
    }

    [Fact]
    public async Task Null_group_rejects_the_file()
    {
        var path = _dir.Write("targets.json", """[{ "targets": ["a:1"] }, null]""");
        using var discoverer = Discoverer(path);

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Empty(discoverer.Current);
        Assert.Equal($"{path}: group 1: nil target group item found", discoverer.LastError);
    }

    [Fact]
    public async Task Refresh_interval_rereads_files_without_file_system_events()
    {
        var time = new ManualTimeProvider();
        var path = _dir.Write("targets.json", """[{ "targets": ["before:1"] }]""");
        var interval = TimeSpan.FromMinutes(7);
        using var discoverer = new FileSdDiscoverer(new FileSdConfig { Files = [path], RefreshInterval = interval }, time);
        await discoverer.StartAsync(CancellationToken.None);

        // The debounce timer belongs to the manual clock too, so only the periodic timer can apply this.
        _dir.Write("targets.json", """[{ "targets": ["after:1"] }]""");
        Assert.Equal(["before:1"], Addresses(discoverer.Current));
        var periodic = Assert.Single(time.Timers, t => t.Period == interval);
        Assert.Equal(interval, periodic.DueTime);
        periodic.Fire();

        await Eventually.True(() => Addresses(discoverer.Current).SequenceEqual(["after:1"]), "the periodic re-read");
    }

    [Fact]
    public async Task Missing_directory_yields_no_groups_and_no_error()
    {
        using var discoverer = Discoverer(Path.Combine(_dir.Path, "absent", "*.json"));

        await discoverer.StartAsync(CancellationToken.None);

        Assert.Empty(discoverer.Current);
        Assert.Null(discoverer.LastError);
    }

    [Fact]
    public async Task Discoverers_can_be_created_started_and_disposed_repeatedly()
    {
        var path = _dir.Write("targets.json", """[{ "targets": ["a:1"] }]""");
        for (var i = 0; i < 25; i++)
        {
            var discoverer = Discoverer(path);
            await discoverer.StartAsync(CancellationToken.None);
            Assert.Single(discoverer.Current);
            discoverer.Dispose();
            discoverer.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => discoverer.StartAsync(CancellationToken.None));
        }
        // Disposing before starting is fine too.
        Discoverer(path).Dispose();
    }
}
