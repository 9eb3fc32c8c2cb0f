using OrleansScrape.Otlp.Model;
using OrleansScrape.Processing.Matching;

namespace OrleansScrape.Processing.Filter;

/// <summary>
/// Drops whole metrics by name, as the Collector's <c>filter</c> processor does with
/// <c>metrics.include</c> / <c>metrics.exclude</c>: when include is set a metric it does not match
/// is dropped; a metric exclude matches is dropped whatever include says. Stateless.
/// </summary>
public sealed class FilterProcessor : IMetricsProcessor
{
    private readonly MetricNameMatcher? _include;
    private readonly MetricNameMatcher? _exclude;
    private readonly MetricBatchBuilder _builder = new([]);

    public FilterProcessor(FilterOptions options)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
        _include = options.Include is { } include ? MetricNameMatcher.Create(include.MatchType, include.MetricNames) : null;
        _exclude = options.Exclude is { } exclude ? MetricNameMatcher.Create(exclude.MatchType, exclude.MetricNames) : null;
    }

    public string Name => "filter";

    public int TrackedSeries => 0;

    public MetricBatch Process(MetricBatch batch)
    {
        var keepAll = true;
        foreach (ref readonly var metric in batch.Metrics.AsSpan())
        {
            if (!Keeps(metric.Name))
            {
                keepAll = false;
                break;
            }
        }
        if (keepAll)
        {
            // Batches are immutable: nothing to drop means the batch itself goes on.
            return batch;
        }

        var builder = _builder;
        builder.SetResourceAttributes(batch.ResourceAttributes);
        var scopeMap = new int[batch.Scopes.Length];
        for (var i = 0; i < batch.Scopes.Length; i++)
        {
            scopeMap[i] = -1;
        }
        foreach (ref readonly var metric in batch.Metrics.AsSpan())
        {
            if (!Keeps(metric.Name))
            {
                continue;
            }
            ref var scope = ref scopeMap[metric.ScopeIndex];
            if (scope < 0)
            {
                // Only scopes that keep a metric go on.
                scope = builder.AddScope(batch.Scopes[metric.ScopeIndex]);
            }
            builder.CopyMetric(batch, metric, scope);
        }
        return builder.Build();
    }

    private bool Keeps(string name) =>
        (_include is null || _include.Matches(name)) && (_exclude is null || !_exclude.Matches(name));
}
