using OrleansScrape.Grains.Allocation;
using Xunit.Abstractions;

namespace OrleansScrape.Grains.Tests;

public sealed class AllocationPlannerTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Nothing = new(StringComparer.Ordinal);

    private static AllocationTarget[] Targets(int count, Func<int, string?>? node = null, Func<int, long>? series = null) =>
        Enumerable.Range(0, count).Select(i => new AllocationTarget($"job|http://10.0.{i / 250}.{i % 250}:9100/metrics", node?.Invoke(i), series?.Invoke(i) ?? 0)).ToArray();

    private static AllocationCollector[] Collectors(int count, Func<int, string?>? node = null) =>
        Enumerable.Range(0, count).Select(i => new AllocationCollector($"scraper-{i}", node?.Invoke(i))).ToArray();

    private static int Max(AllocationPlan plan, AllocationCollector[] collectors) => plan.TargetsPerCollector(collectors).Values.Max();

    private static int Min(AllocationPlan plan, AllocationCollector[] collectors) => plan.TargetsPerCollector(collectors).Values.Min();

    [Fact]
    public void Consistent_hashing_depends_only_on_the_stable_key_not_on_labels_or_load()
    {
        var collectors = Collectors(4);
        var plain = AllocationPlanner.Plan(AllocationStrategy.ConsistentHashing, Targets(500), collectors, Nothing);
        // Node and series count stand for everything mutable about a target: they must not move it (upstream #2280).
        var changed = AllocationPlanner.Plan(AllocationStrategy.ConsistentHashing, Targets(500, i => $"node-{i % 7}", i => i * 13), collectors.Reverse().ToArray(), plain.Assignments);

        Assert.Equal(plain.Assignments.OrderBy(a => a.Key), changed.Assignments.OrderBy(a => a.Key));
        Assert.Equal(0, changed.Moved);
    }

    [Fact]
    public void Consistent_hashing_moves_about_one_in_n_on_scale_out_all_to_the_new_collector()
    {
        var before = AllocationPlanner.Plan(AllocationStrategy.ConsistentHashing, Targets(2000), Collectors(3), Nothing);
        var after = AllocationPlanner.Plan(AllocationStrategy.ConsistentHashing, Targets(2000), Collectors(4), before.Assignments);

        Assert.InRange(after.Moved / 2000.0, 0.20, 0.30);
        Assert.All(after.Assignments.Where(a => before.Assignments[a.Key] != a.Value), a => Assert.Equal("scraper-3", a.Value));
    }

    [Fact]
    public void Least_weighted_keeps_targets_on_their_live_collector_and_gives_new_ones_to_the_emptiest()
    {
        var collectors = Collectors(3);
        var targets = Targets(10);
        var current = targets.Take(9).ToDictionary(t => t.Key, t => t.Key.EndsWith("0.1:9100/metrics") ? "scraper-1" : "scraper-0", StringComparer.Ordinal);
        // scraper-0 holds 8, scraper-1 holds 1, scraper-2 none: rebalancing evens them, moving only from scraper-0.
        var plan = AllocationPlanner.Plan(AllocationStrategy.LeastWeighted, targets, collectors, current);

        Assert.True(Max(plan, collectors) - Min(plan, collectors) <= 1);
        Assert.All(current.Where(c => c.Value == "scraper-1"), c => Assert.Equal("scraper-1", plan.Assignments[c.Key]));
        Assert.Equal(plan.Moved, current.Count(c => plan.Assignments[c.Key] != c.Value));
        Assert.Equal(4, plan.Moved); // 8/1/0 + a new target -> 4/3/3 or 4/4/2 needs exactly four moves out of scraper-0
    }

    [Fact]
    public void Least_weighted_rebalances_on_scale_out_moving_only_the_new_collectors_share()
    {
        var targets = Targets(1200);
        var before = AllocationPlanner.Plan(AllocationStrategy.LeastWeighted, targets, Collectors(3), Nothing);
        var collectors = Collectors(4);
        var after = AllocationPlanner.Plan(AllocationStrategy.LeastWeighted, targets, collectors, before.Assignments);

        Assert.Equal(300, after.TargetsPerCollector(collectors)["scraper-3"]);
        Assert.Equal(300, after.Moved);
        Assert.Equal(300, Max(after, collectors));
    }

    [Fact]
    public void Least_weighted_gives_the_targets_of_a_collector_that_left_to_the_others_and_moves_nothing_else()
    {
        var targets = Targets(900);
        var before = AllocationPlanner.Plan(AllocationStrategy.LeastWeighted, targets, Collectors(3), Nothing);
        var survivors = Collectors(2);
        var after = AllocationPlanner.Plan(AllocationStrategy.LeastWeighted, targets, survivors, before.Assignments);

        Assert.Equal(0, after.Moved);
        Assert.Equal(450, Max(after, survivors));
        Assert.All(before.Assignments.Where(a => a.Value != "scraper-2"), a => Assert.Equal(a.Value, after.Assignments[a.Key]));
    }

    [Fact]
    public void Per_node_puts_a_target_on_a_scraper_of_its_node()
    {
        var collectors = Collectors(6, i => $"node-{i % 3}");
        var plan = AllocationPlanner.Plan(AllocationStrategy.PerNode, Targets(300, i => $"node-{i % 3}"), collectors, Nothing);
        var nodeOf = collectors.ToDictionary(c => c.Name, c => c.Node);

        Assert.Equal(0, plan.NodeFallbacks);
        Assert.All(Targets(300, i => $"node-{i % 3}"), t => Assert.Equal(t.Node, nodeOf[plan.Assignments[t.Key]]));
        Assert.All(plan.TargetsPerCollector(collectors).Values, count => Assert.True(count > 0));
    }

    [Fact]
    public void Per_node_falls_back_to_consistent_hashing_for_targets_without_node_or_without_a_local_scraper_and_counts_them()
    {
        var collectors = Collectors(2, i => $"node-{i}");
        var targets = Targets(30, i => (i % 3) switch { 0 => "node-0", 1 => null, _ => "node-9" });
        var plan = AllocationPlanner.Plan(AllocationStrategy.PerNode, targets, collectors, Nothing);
        var hashed = AllocationPlanner.Plan(AllocationStrategy.ConsistentHashing, targets, collectors, Nothing);

        Assert.Equal(20, plan.NodeFallbacks);
        Assert.Equal(30, plan.Assignments.Count);
        Assert.All(targets.Where(t => t.Node != "node-0"), t => Assert.Equal(hashed.Assignments[t.Key], plan.Assignments[t.Key]));
        Assert.All(targets.Where(t => t.Node == "node-0"), t => Assert.Equal("scraper-0", plan.Assignments[t.Key]));
    }

    [Fact]
    public void Load_aware_keeps_the_heaviest_collector_within_1_2_times_the_mean_of_series()
    {
        var collectors = Collectors(4);
        // Skewed: a few targets carry most series.
        var targets = Targets(400, series: i => i % 20 == 0 ? 5000 : 50 + i % 7);
        var plan = AllocationPlanner.Plan(AllocationStrategy.LoadAware, targets, collectors, Nothing);
        var load = Loads(plan, targets);

        Assert.True(load.Values.Max() <= 1.2 * load.Values.Average(), $"max {load.Values.Max()} mean {load.Values.Average()}");
    }

    [Fact]
    public void Load_aware_moves_nothing_while_no_collector_is_over_the_bound()
    {
        var targets = Targets(400, series: i => 100 + i % 11);
        var collectors = Collectors(4);
        var first = AllocationPlanner.Plan(AllocationStrategy.LoadAware, targets, collectors, Nothing);
        // Loads drift a little (within the bound): the plan holds.
        var drifted = Targets(400, series: i => 100 + (i * 7) % 13);
        var second = AllocationPlanner.Plan(AllocationStrategy.LoadAware, drifted, collectors, first.Assignments);

        Assert.True(Loads(second, drifted).Values.Max() <= 1.2 * Loads(second, drifted).Values.Average());
        Assert.Equal(0, second.Moved);
    }

    [Fact]
    public void Load_aware_moves_from_an_overloaded_collector_only_until_it_is_within_the_bound()
    {
        var targets = Targets(300, series: i => 100);
        var collectors = Collectors(3);
        // Everything on scraper-0: 30000 series against a mean of 10000; the bound is 12000.
        var current = targets.ToDictionary(t => t.Key, _ => "scraper-0", StringComparer.Ordinal);
        var plan = AllocationPlanner.Plan(AllocationStrategy.LoadAware, targets, collectors, current);
        var load = Loads(plan, targets);

        Assert.True(load.Values.Max() <= 12_000);
        // At least 180 of the 300 equal targets have to leave; moving far more would be churn.
        Assert.InRange(plan.Moved, 180, 200);
    }

    [Fact]
    public void Load_aware_leaves_a_target_heavier_than_the_bound_where_it_is()
    {
        var targets = new[] { new AllocationTarget("huge", Series: 10_000), new AllocationTarget("small-a", Series: 10), new AllocationTarget("small-b", Series: 10) };
        var collectors = Collectors(2);
        var plan = AllocationPlanner.Plan(AllocationStrategy.LoadAware, targets, collectors, Nothing);

        Assert.NotEqual(plan.Assignments["huge"], plan.Assignments["small-a"]);
        Assert.Equal(plan.Assignments["small-a"], plan.Assignments["small-b"]);
    }

    [Theory]
    [InlineData("__meta_kubernetes_pod_node_name", "n1")]
    [InlineData("__meta_kubernetes_endpoint_node_name", "n2")]
    [InlineData("__meta_kubernetes_endpointslice_endpoint_node_name", "n3")]
    [InlineData("__meta_kubernetes_node_name", "n4")]
    public void A_targets_node_comes_from_the_discovered_node_labels(string label, string node)
    {
        Assert.Equal(node, TargetNode.From(new Dictionary<string, string> { [label] = node, ["__meta_kubernetes_namespace"] = "x" }));
        Assert.Null(TargetNode.From(new Dictionary<string, string> { [label] = "" }));
    }

    [Fact]
    public void The_pod_node_label_wins_over_the_endpoint_node_label()
    {
        Assert.Equal("pod-node", TargetNode.From(new Dictionary<string, string>
        {
            ["__meta_kubernetes_endpointslice_endpoint_node_name"] = "endpoint-node",
            ["__meta_kubernetes_pod_node_name"] = "pod-node",
        }));
    }

    [Fact]
    public void No_collector_leaves_every_target_unassigned()
    {
        var plan = AllocationPlanner.Plan(AllocationStrategy.ConsistentHashing, Targets(5), [], Nothing);

        Assert.Equal(5, plan.Unassigned);
        Assert.Empty(plan.Assignments);
    }

    [Fact]
    public void Duplicate_collector_names_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => AllocationPlanner.Plan(
            AllocationStrategy.LeastWeighted, Targets(5), [new AllocationCollector("a"), new AllocationCollector("a")], Nothing));
        Assert.Contains("unique", error.Message);
    }

    [Theory]
    [InlineData(AllocationStrategy.ConsistentHashing, 0.20, 0.30)]
    [InlineData(AllocationStrategy.LeastWeighted, 0.24, 0.26)]
    [InlineData(AllocationStrategy.PerNode, 0.20, 0.30)]
    [InlineData(AllocationStrategy.LoadAware, 0.05, 0.30)]
    public void Scale_out_from_three_to_four_collectors_moves_about_a_quarter_of_the_targets(AllocationStrategy strategy, double min, double max)
    {
        // Targets spread over four nodes; the fourth scraper joins on the fourth node.
        var targets = Targets(2000, i => $"node-{i % 4}", i => 50 + i % 100);
        var before = AllocationPlanner.Plan(strategy, targets, Collectors(3, i => $"node-{i}"), Nothing);
        var collectors = Collectors(4, i => $"node-{i}");
        var after = AllocationPlanner.Plan(strategy, targets, collectors, before.Assignments);
        var fraction = after.Moved / 2000.0;
        output.WriteLine($"{AllocationStrategyNames.Name(strategy)}: 3 -> 4 collectors moved {after.Moved} of 2000 targets ({fraction:P1}); per collector {string.Join(", ", after.TargetsPerCollector(collectors).Select(c => $"{c.Key}={c.Value}"))}");

        Assert.InRange(fraction, min, max);
        Assert.True(after.TargetsPerCollector(collectors)["scraper-3"] > 0);
    }

    private static Dictionary<string, long> Loads(AllocationPlan plan, AllocationTarget[] targets)
    {
        var load = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var collector = plan.Assignments[target.Key];
            load[collector] = load.GetValueOrDefault(collector) + Math.Max(1, target.Series);
        }
        return load;
    }
}
