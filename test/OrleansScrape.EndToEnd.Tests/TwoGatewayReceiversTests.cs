using Google.Protobuf;
using OrleansScrape.Grains.Placement;
using OrleansScrape.Hosting.OtlpReceiver;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Testing;
using ModelAttribute = OrleansScrape.Otlp.Model.Attribute;

namespace OrleansScrape.EndToEnd.Tests;

/// <summary>
/// Two gateway silos of one process each open the OTLP receiver on endpoints with port 0: each
/// takes a free port of its own instead of clashing, and both pass what they receive on.
/// </summary>
public sealed class TwoGatewayReceiversTests
{
    private static string Config(Uri sink) => $$"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
        exporters:
          otlphttp:
            endpoint: {{sink}}
        service:
          pipelines:
            metrics:
              receivers: [otlp]
              exporters: [otlphttp]
        """;

    [Fact]
    public async Task Gateway_silos_with_port_0_each_receive_on_a_port_of_their_own()
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(Config(sink.Endpoint), SiloRole.Gateway, SiloRole.Gateway);
        var ports = cluster.Cluster.Silos.Select(s => cluster.SiloService<OtlpReceiverServer>(s.Name).ListeningPorts).ToList();
        Assert.All(ports, p => Assert.True(p.Grpc > 0 && p.Http > 0, $"ports {p}"));
        Assert.Equal(4, ports.SelectMany(p => new[] { p.Grpc, p.Http }).Distinct().Count());

        using var http = new HttpClient();
        foreach (var (port, i) in ports.Select((p, i) => (p.Http, i)))
        {
            var builder = new MetricBatchBuilder([new ModelAttribute("service.name", $"sender-{i}")]);
            builder.BeginMetric("temperature", "", "Cel", MetricType.Gauge, AggregationTemporality.Unspecified, false, builder.AddScope(new InstrumentationScope("test", "1")));
            builder.AddPoint(0, 1_700_000_000_000_000_000, 20 + i, DataPointFlags.None, []);
            using var body = new ByteArrayContent(OtlpRequestEncoder.Encode([builder.Build()]).ToByteArray());
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
            var response = await http.PostAsync($"http://127.0.0.1:{port}/v1/metrics", body);
            Assert.True(response.IsSuccessStatusCode, $"silo {i}: {response.StatusCode}");
        }

        await Eventually.WaitAsync(() => Senders(sink).Count == 2, TimeSpan.FromSeconds(30), "both gateways' points exported");
        Assert.Equal(["sender-0", "sender-1"], Senders(sink).Order());
    }

    private static HashSet<string> Senders(OtlpSink sink) =>
        sink.Requests.SelectMany(r => r.ResourceMetrics)
            .Select(rm => rm.Resource.Attributes.Single(a => a.Key == "service.name").Value.StringValue)
            .ToHashSet();
}
