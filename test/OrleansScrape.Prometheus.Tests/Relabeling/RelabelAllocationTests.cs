using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class RelabelAllocationTests
{
    // Metric relabeling's usual shape: filter series by name, drop noisy labels.
    private static readonly Relabeler Filters = new(Rules("""
        relabel_configs:
          - source_labels: [__name__]
            regex: go_.*|process_.*
            action: drop
          - source_labels: [job]
            target_label: exported_job
            action: dropequal
          - action: labeldrop
            regex: pod_template_hash|controller_revision_hash
          - action: labelkeep
            regex: __name__|job|instance|pod|namespace|code|method
        """));

    private static readonly Label[] Series = Labels(
        "__name__=http_requests_total", "job=api", "instance=10.0.0.5:9102", "pod=api-7d9f", "namespace=shop",
        "code=200", "method=get", "pod_template_hash=7d9f", "exported_job=other");

    [Fact]
    public void FilteringRules_SteadyState_AllocateNothing()
    {
        var builder = new LabelsBuilder();
        var kept = Run(builder);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            kept += Run(builder);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(101, kept);
        Assert.Equal("__name__=http_requests_total code=200 instance=10.0.0.5:9102 job=api method=get namespace=shop pod=api-7d9f", Format(builder.ToArray()));
    }

    private static int Run(LabelsBuilder builder)
    {
        builder.Reset(Series);
        return Filters.Process(builder) ? 1 : 0;
    }
}
