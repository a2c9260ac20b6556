using System.Globalization;
using Edge.Gateway.Bench.Infrastructure;
using Edge.Gateway.Bench.Reporting;

namespace Edge.Gateway.Bench.Scenarios;

/// <summary>
/// Target 5: the same flow in Node-RED, the peer a Raspberry Pi user would otherwise choose. (a) Its ingest rate: the
/// same kind of queued stream as the ingest benchmark, drained into a counting sink, with its memory sampled.
/// (b) A sink outage: live input at <c>--live-rate</c> for 30 s, the sink down from second 10 to 20; what arrives,
/// counted once per reading, for Node-RED and for the gateway (uplink pointed at the same sink), side by side.
/// </summary>
internal sealed class NodeRedBenchmark(BenchContext context)
{
    private const string Scenario = "nodered";
    private const string ClientId = "nodered-peer";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var sink = new IngestSink();
        await sink.UpAsync();
        var n = Math.Min(context.Arguments.Messages, 50_000);
        var rates = new List<double>();
        var rss = new List<double>();
        var loads = new List<double>();
        for (var run = 1; run <= context.Arguments.Runs; run++)
        {
            loads.Add(BenchContext.LoadAverage());
            var (rate, maxRss) = await DrainAsync(sink, n, run, cancellationToken);
            BenchContext.Log($"nodered run {run}: {rate:N0} readings/s into the sink, max RSS {maxRss:F0} MiB [load {BenchContext.LoadAverage():F1}]");
            rates.Add(rate);
            rss.Add(maxRss);
        }

        var gateway = context.Report.Targets.FirstOrDefault(t => t.Scenario == "ingest");
        context.Add(new TargetResult(Scenario, $"Node-RED: Mosquitto -> function -> HTTP POST per message, {n:N0} queued, QoS 1, sustained (10%->100%)", "readings/s",
            Stats.Median(rates), rates, "the gateway's journal ingest (ingest scenario, same invocation)", gateway?.Figure, gateway?.Runs ?? [],
            "(comparison)", null, loads.Min(), loads.Max(), string.Create(CultureInfo.InvariantCulture, $"Node-RED max RSS {Stats.Median(rss):F0} MiB (median of runs); the ratio here is Node-RED / gateway")));

        var lostByNodeRed = await OutageAsync(sink, nodeRed: true, cancellationToken);
        var lostByGateway = await OutageAsync(sink, nodeRed: false, cancellationToken);
        context.Add(new TargetResult(Scenario, $"readings lost in a 10 s sink outage during 30 s of live input at {context.Arguments.LiveRate}/s", "readings",
            lostByGateway.Lost, [lostByGateway.Lost], "Node-RED, same flow, same outage", lostByNodeRed.Lost, [lostByNodeRed.Lost],
            "the gateway loses none", lostByGateway.Lost == 0, Math.Min(lostByGateway.Load, lostByNodeRed.Load), Math.Max(lostByGateway.Load, lostByNodeRed.Load),
            string.Create(CultureInfo.InvariantCulture, $"published {lostByGateway.Published:N0} each; Node-RED RSS max {lostByNodeRed.MaxRss:F0} MiB, gateway {lostByGateway.MaxRss:F0} MiB during the outage run")));
    }

    private async Task<(double Rate, double MaxRss)> DrainAsync(IngestSink sink, int n, int run, CancellationToken cancellationToken)
    {
        sink.Reset();
        var clientId = ClientId + "-" + run.ToString(CultureInfo.InvariantCulture);
        await TelemetryPublisher.CreateSessionAsync(context.Broker.Address, clientId, cancellationToken);
        await new TelemetryPublisher(context.Broker.Address, "bench-preload", 100).PublishAsync(0, n, 0, cancellationToken);
        var progress = new Progress();
        var sampling = progress.RunAsync(() => sink.Distinct, count => count >= n, TimeSpan.FromMinutes(5), cancellationToken);
        ChildProcess? process = null;
        await using var rss = new RssSampler(() => process?.ResidentBytes() ?? 0);
        await using (var nodeRed = await NodeRedProcess.StartAsync(context.Root, context.Broker.Port.ToString(CultureInfo.InvariantCulture), clientId, sink.IngestUrl, cancellationToken, started: p => process = p))
        {
            if (!await sampling)
            {
                context.Report.Notes.Add($"nodered run {run}: {sink.Distinct:N0} of {n:N0} arrived in 5 minutes");
            }
        }

        await TelemetryPublisher.DiscardSessionAsync(context.Broker.Address, clientId, cancellationToken);
        var reached = progress.Samples[^1].Value;
        return (reached >= n ? progress.Rate(n / 10, n) : reached / progress.Samples[^1].Seconds, rss.MaxMib);
    }

    private async Task<(long Lost, long Published, double MaxRss, double Load)> OutageAsync(IngestSink sink, bool nodeRed, CancellationToken cancellationToken)
    {
        sink.Reset();
        var rate = context.Arguments.LiveRate;
        var first = nodeRed ? 20_000_000L : 30_000_000L;
        var published = rate * 30L;
        var data = context.NewDataDirectory("outage");
        ChildProcess? process = null;
        await using var rss = new RssSampler(() => process?.ResidentBytes() ?? 0);
        IAsyncDisposable peer = nodeRed
            ? await NodeRedProcess.StartAsync(context.Root, context.Broker.Port.ToString(CultureInfo.InvariantCulture), ClientId + "-outage", sink.IngestUrl, cancellationToken)
            : await GatewayProcess.StartAsync(context.Root, context.Gateway(data, sink.Url), cancellationToken);
        process = peer is NodeRedProcess r ? r.Process : ((GatewayProcess)peer).Process;
        try
        {
            var publishing = new TelemetryPublisher(context.Broker.Address, "bench-outage", 100).PublishAsync(first, published, rate, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            await sink.DownAsync();
            BenchContext.Log($"nodered outage ({(nodeRed ? "Node-RED" : "gateway")}): sink down");
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            await sink.UpAsync();
            BenchContext.Log($"nodered outage ({(nodeRed ? "Node-RED" : "gateway")}): sink up");
            await publishing;
            var progress = new Progress();
            await progress.RunAsync(() => sink.Distinct, count => count >= published, TimeSpan.FromSeconds(30), cancellationToken);
            var arrived = sink.DistinctWhere((_, seq) => seq > first / 100);
            BenchContext.Log($"nodered outage ({(nodeRed ? "Node-RED" : "gateway")}): {arrived:N0} of {published:N0} arrived");
            return (published - arrived, published, rss.MaxMib, BenchContext.LoadAverage());
        }
        finally
        {
            await peer.DisposeAsync();
            await TelemetryPublisher.DiscardSessionAsync(context.Broker.Address, nodeRed ? ClientId + "-outage" : "edge-gateway-" + BenchContext.GatewayId, CancellationToken.None);
            Directory.Delete(data, recursive: true);
        }
    }
}
