using System.Diagnostics;
using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;
using Edge.Mqtt.Bench.Reporting;

namespace Edge.Mqtt.Bench.Scenarios;

/// <summary>
/// Publish: N messages as fast as the publisher goes, counted where they arrive: at a subscriber in its own process
/// (the <c>sink</c>, the same for both publishers). The rate is messages delivered over the time from starting the
/// publisher (Edge.Mqtt: connect; C: process start) to the last delivery. Target: Edge.Mqtt at least as many as
/// mosquitto_pub, in three like-for-like pairs (see bench/README.md for why QoS 1 has two and how N is chosen).
/// </summary>
internal sealed class PublishBenchmark(BenchContext context)
{
    /// <summary>
    /// <c>mosquitto_pub -l -q 1</c> stops early once more than 65,535 lines are queued ahead of the acknowledgements
    /// (it takes a PUBACK reusing the last line's packet id for the last one), so that pair stays below the wrap.
    /// </summary>
    private const int PacketIdWrapSafe = 60_000;

    private const int Window = 256;

    private sealed record Case(string Name, MqttQualityOfService Qos, long Count, int Window, string Yardstick);

    /// <summary>One run: delivered messages/s at the sink, and messages/s until the publisher was done (calls returned, disconnected).</summary>
    private readonly record struct PublishRun(double Delivered, double PublisherSide)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Delivered:N0} msg/s delivered ({PublisherSide:N0} msg/s until the publisher was done)");
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var messages = context.Arguments.Messages;
        Case[] cases =
        [
            new("QoS 0, as fast as possible", MqttQualityOfService.AtMostOnce, messages, 1, "mosquitto_pub -l -q 0 < N lines"),
            new($"QoS 1, pipelined ({Window} in flight)", MqttQualityOfService.AtLeastOnce, Math.Min(messages, PacketIdWrapSafe), Window, $"mosquitto_pub -l -q 1 -M {Window} < N lines"),
            new("QoS 1, one at a time (each PUBACK awaited)", MqttQualityOfService.AtLeastOnce, Math.Max(1000, messages / 15), 1, "mosquitto_pub --repeat N -q 1 -m <100 bytes>"),
        ];

        foreach (var c in cases)
        {
            var allocations = new List<double>();
            var (ours, theirs) = await context.CompareAsync(
                $"publish {c.Name}",
                async run =>
                {
                    var (result, bytesPerMessage) = await PublishWithEdgeAsync(c, run, cancellationToken);
                    if (run > 0)
                    {
                        allocations.Add(bytesPerMessage);
                    }

                    return result;
                },
                run => PublishWithMosquittoPubAsync(c, run, cancellationToken),
                run => run.ToString());

            double[] oursDelivered = [.. ours.Select(r => r.Delivered)], theirDelivered = [.. theirs.Select(r => r.Delivered)];
            double[] oursDone = [.. ours.Select(r => r.PublisherSide)], theirDone = [.. theirs.Select(r => r.PublisherSide)];
            var oursMedian = Stats.Median(oursDelivered);
            var theirMedian = Stats.Median(theirDelivered);
            context.Report.Comparisons.Add(new Comparison(
                "publish", $"{c.Name}, N = {c.Count:N0}", "delivered messages/s", "msg/s", oursMedian, theirMedian,
                c.Yardstick, "≥ 1.00 × C", oursMedian >= theirMedian, oursDelivered, theirDelivered, context.LoadNote()));
            context.Report.Comparisons.Add(new Comparison(
                "publish", $"{c.Name}, N = {c.Count:N0}", "publisher done, messages/s", "msg/s", Stats.Median(oursDone), Stats.Median(theirDone),
                c.Yardstick, "(information)", null, oursDone, theirDone, context.LoadNote()));
            context.Report.Figures.Add(new Figure(
                "publish", $"allocated per message published, {c.Name}", Stats.Median(allocations), "bytes",
                "GC.GetTotalAllocatedBytes(true) delta over the run / N (publisher process; the sink is another process)"));
        }
    }

    private async Task<(PublishRun Run, double BytesPerMessage)> PublishWithEdgeAsync(Case c, int run, CancellationToken cancellationToken)
    {
        var topic = Topic(c, "edge", run);
        await using var sink = await SinkProcess.StartAsync(context.Broker, topic, c.Qos, c.Count, cancellationToken);
        var message = new MqttApplicationMessage(topic, EdgeClients.Payload, c.Qos);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await using (var client = await EdgeClients.ConnectAsync(context.Broker.Host, context.Broker.Port, $"bench-pub-{run}", cleanSession: true, cancellationToken))
        {
            await EdgeClients.PublishAsync(client, message, c.Count, c.Window, cancellationToken);
            await client.DisconnectAsync(cancellationToken);
        }

        var done = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var result = await sink.ResultAsync(TimeSpan.FromMinutes(5), cancellationToken);
        return (new PublishRun(Rate(c, result, started, "Edge.Mqtt"), c.Count / done.TotalSeconds), (double)allocated / c.Count);
    }

    private async Task<PublishRun> PublishWithMosquittoPubAsync(Case c, int run, CancellationToken cancellationToken)
    {
        var topic = Topic(c, "c", run);
        var qos = ((int)c.Qos).ToString(CultureInfo.InvariantCulture);
        var count = c.Count.ToString(CultureInfo.InvariantCulture);
        string[] common = ["-h", context.Broker.Host, "-p", context.Broker.Port.ToString(CultureInfo.InvariantCulture), "-t", topic, "-q", qos];
        var lines = c.Window > 1 || c.Qos == MqttQualityOfService.AtMostOnce ? await context.PayloadLinesAsync(c.Count, cancellationToken) : null;
        string[] args = lines is null
            ? [.. common, "--repeat", count, "-m", System.Text.Encoding.ASCII.GetString(EdgeClients.Payload.Span)]
            : c.Qos == MqttQualityOfService.AtMostOnce ? [.. common, "-l"] : [.. common, "-l", "-M", c.Window.ToString(CultureInfo.InvariantCulture)];

        await using var sink = await SinkProcess.StartAsync(context.Broker, topic, c.Qos, c.Count, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await using var publisher = ChildProcess.Start("mosquitto_pub", args, stdinFile: lines);
        var exitCode = await publisher.WaitForExitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        var done = Stopwatch.GetElapsedTime(started);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub exited with {exitCode}: {publisher.Output}");
        }

        var result = await sink.ResultAsync(TimeSpan.FromMinutes(5), cancellationToken);
        return new PublishRun(Rate(c, result, started, "mosquitto_pub"), c.Count / done.TotalSeconds);
    }

    /// <summary>Delivered over time to the last delivery; a shortfall is logged and noted in the report.</summary>
    private double Rate(Case c, DrainResult result, long started, string who)
    {
        if (result.Count < c.Count)
        {
            var note = $"publish {c.Name}: {who} delivered {result.Count:N0} of {c.Count:N0} messages in one run";
            BenchContext.Log(note);
            context.Report.Notes.Add(note);
        }

        return result.Count == 0 ? 0 : result.Count / Stopwatch.GetElapsedTime(started, result.LastTimestamp).TotalSeconds;
    }

    private static string Topic(Case c, string who, int run) =>
        string.Create(CultureInfo.InvariantCulture, $"bench/publish/{who}/q{(int)c.Qos}w{c.Window}/{run}");
}
