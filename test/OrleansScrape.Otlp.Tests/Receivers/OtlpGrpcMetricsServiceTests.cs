using Grpc.Core;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Receivers;
using static OrleansScrape.Otlp.Tests.Receivers.OtlpRequests;

namespace OrleansScrape.Otlp.Tests.Receivers;

public class OtlpGrpcMetricsServiceTests
{
    private sealed class Consumer(Func<IReadOnlyList<MetricBatch>, Task> behaviour) : IOtlpMetricsConsumer
    {
        public Task ConsumeAsync(IReadOnlyList<MetricBatch> batches, CancellationToken cancellationToken) => behaviour(batches);
    }

    private sealed class TestCallContext : ServerCallContext
    {
        protected override string MethodCore => "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore { get; } = new();
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore { get; } = new();
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, new Dictionary<string, List<AuthProperty>>());
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }

    [Fact]
    public async Task Export_pushes_the_batches_and_reports_refused_points()
    {
        var received = new List<MetricBatch>();
        var service = new OtlpGrpcMetricsService(new OtlpMetricsReceiver(new Consumer(b => { received.AddRange(b); return Task.CompletedTask; })));
        var request = Mixed();
        request.ResourceMetrics.Add(Resource("exp", MalformedExponentialHistogram("e", 1)));

        var response = await service.Export(request, new TestCallContext());

        Assert.Equal(2, received.Count);
        Assert.Equal(1, response.PartialSuccess.RejectedDataPoints);
    }

    [Fact]
    public async Task Consumer_failure_is_unavailable_so_the_sender_retries()
    {
        var service = new OtlpGrpcMetricsService(new OtlpMetricsReceiver(new Consumer(_ => throw new InvalidOperationException("silo stopping"))));

        var error = await Assert.ThrowsAsync<RpcException>(() => service.Export(Mixed(), new TestCallContext()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("silo stopping", error.Status.Detail);
    }
}
