using System.Diagnostics;
using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;
using Edge.Mqtt.Bench.Reporting;

namespace Edge.Mqtt.Bench.Scenarios;

/// <summary>
/// Receive: N messages are queued in a persistent session, then the subscriber starts, connects and drains them. Both
/// subscribers are child processes timed the same way: from starting the process to its N-th message (Edge.Mqtt: the
/// <c>sink</c> command's timestamp of the last message; mosquitto_sub: its exit after <c>-C N</c>), less each one's
/// median start-up (starting, connecting and draining a one-message session). Edge.Mqtt acknowledges each message
/// through <c>AcknowledgeAsync</c> (PUBACK for QoS 1); mosquitto_sub writes them to /dev/null. The same drain inside
/// this benchmark's own process is reported beside it as a figure (see bench/README.md, "Receive in or out of process").
/// Target: Edge.Mqtt at least 90% of mosquitto_sub.
/// </summary>
internal sealed class ReceiveBenchmark(BenchContext context)
{
    private const double Target = 0.9;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var qos in new[] { MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce })
        {
            var count = context.Arguments.Messages;
            var label = $"receive QoS {(int)qos}";
            var startup = await MosquittoSubStartupAsync(qos, cancellationToken);
            var edgeStartup = await EdgeSinkStartupAsync(qos, cancellationToken);
            var allocations = new List<double>();
            var inProcess = new List<double>();
            var (ours, theirs) = await context.CompareAsync(
                label,
                async run =>
                {
                    var (rate, bytesPerMessage) = await DrainWithEdgeSinkAsync(qos, count, run, edgeStartup, cancellationToken);
                    allocations.Add(bytesPerMessage);
                    inProcess.Add(await DrainInThisProcessAsync(qos, count, run, cancellationToken));
                    return rate;
                },
                run => DrainWithMosquittoSubAsync(qos, count, run, startup, cancellationToken),
                rate => string.Create(CultureInfo.InvariantCulture, $"{rate:N0} msg/s"));

            var oursMedian = Stats.Median(ours);
            var theirMedian = Stats.Median(theirs);
            context.Report.Comparisons.Add(new Comparison(
                "receive", $"QoS {(int)qos}, drain {count:N0} queued in a session", "messages/s", "msg/s",
                oursMedian, theirMedian,
                $"mosquitto_sub -c -q {(int)qos} -C {count} >/dev/null (start-up {startup.TotalMilliseconds:F1} ms taken off; Edge.Mqtt's {edgeStartup.TotalMilliseconds:F1} ms)",
                "≥ 0.90 × C", oursMedian >= Target * theirMedian, ours, theirs, context.LoadNote()));
            context.Report.Figures.Add(new Figure(
                "receive", $"allocated per message received, QoS {(int)qos}", Stats.Median(allocations), "bytes",
                "GC.GetTotalAllocatedBytes(true) delta over the drain / N (the sink process, median of runs)"));
            context.Report.Figures.Add(new Figure(
                "receive", $"QoS {(int)qos} drained inside the benchmark process", Stats.Median(inProcess), "msg/s",
                $"from connect to the N-th message, median of {string.Join(", ", inProcess.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} (diagnosis, not the target's figure)"));
        }
    }

    private async Task<(double Rate, double BytesPerMessage)> DrainWithEdgeSinkAsync(MqttQualityOfService qos, long count, int run, TimeSpan startup, CancellationToken cancellationToken)
    {
        var (clientId, topic) = Names("edge", qos, run);
        await SessionPreloader.PreloadAsync(context.Broker, clientId, topic, qos, count, cancellationToken);
        var (elapsed, allocated) = await RunEdgeSinkAsync(clientId, topic, qos, count, cancellationToken);
        return (count / (elapsed - startup).TotalSeconds, (double)allocated / count);
    }

    /// <summary>The same drain by a client in this process, timed from connect to the N-th message.</summary>
    private async Task<double> DrainInThisProcessAsync(MqttQualityOfService qos, long count, int run, CancellationToken cancellationToken)
    {
        var (clientId, topic) = Names("edge-in-process", qos, run);
        await SessionPreloader.PreloadAsync(context.Broker, clientId, topic, qos, count, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await using var client = await EdgeClients.ConnectAsync(context.Broker.Host, context.Broker.Port, clientId, cleanSession: false, cancellationToken);
        var result = await EdgeClients.DrainAsync(client, count, TimeSpan.FromSeconds(10), cancellationToken);
        await client.DisconnectAsync(cancellationToken);
        if (result.Count != count)
        {
            throw new InvalidOperationException($"Edge.Mqtt received {result.Count} of {count} queued messages");
        }

        return count / Stopwatch.GetElapsedTime(started, result.LastTimestamp).TotalSeconds;
    }

    /// <summary>Median time for an Edge.Mqtt sink process to start, connect and take one queued message.</summary>
    private async Task<TimeSpan> EdgeSinkStartupAsync(MqttQualityOfService qos, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var (clientId, topic) = Names("edge-startup", qos, i);
            await SessionPreloader.PreloadAsync(context.Broker, clientId, topic, qos, 1, cancellationToken);
            times.Add((await RunEdgeSinkAsync(clientId, topic, qos, 1, cancellationToken)).Elapsed.TotalMilliseconds);
        }

        BenchContext.Log(string.Create(CultureInfo.InvariantCulture, $"Edge.Mqtt sink start-up (connect, 1 message): {string.Join(", ", times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))} ms"));
        return TimeSpan.FromMilliseconds(Stats.Median(times));
    }

    /// <summary>Starts a sink draining the session; returns the time from the process start to its last message, and what it allocated.</summary>
    private async Task<(TimeSpan Elapsed, long Allocated)> RunEdgeSinkAsync(string clientId, string topic, MqttQualityOfService qos, long count, CancellationToken cancellationToken)
    {
        await using var sink = await SinkProcess.StartAsync(context.Broker, topic, qos, count, cancellationToken, session: clientId);
        var result = await sink.ResultAsync(TimeSpan.FromMinutes(2), cancellationToken);
        if (result.Count != count)
        {
            throw new InvalidOperationException($"the Edge.Mqtt sink received {result.Count} of {count} queued messages");
        }

        return (Stopwatch.GetElapsedTime(sink.StartedTimestamp, result.LastTimestamp), sink.AllocatedBytes);
    }

    private async Task<double> DrainWithMosquittoSubAsync(MqttQualityOfService qos, long count, int run, TimeSpan startup, CancellationToken cancellationToken)
    {
        var (clientId, topic) = Names("c", qos, run);
        await SessionPreloader.PreloadAsync(context.Broker, clientId, topic, qos, count, cancellationToken);
        var elapsed = await RunMosquittoSubAsync(clientId, topic, qos, count, cancellationToken);
        return count / (elapsed - startup).TotalSeconds;
    }

    /// <summary>Median time for mosquitto_sub to start, connect and take one queued message.</summary>
    private async Task<TimeSpan> MosquittoSubStartupAsync(MqttQualityOfService qos, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var (clientId, topic) = Names("startup", qos, i);
            await SessionPreloader.PreloadAsync(context.Broker, clientId, topic, qos, 1, cancellationToken);
            times.Add((await RunMosquittoSubAsync(clientId, topic, qos, 1, cancellationToken)).TotalMilliseconds);
        }

        BenchContext.Log(string.Create(CultureInfo.InvariantCulture, $"mosquitto_sub start-up (connect, 1 message, exit): {string.Join(", ", times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))} ms"));
        return TimeSpan.FromMilliseconds(Stats.Median(times));
    }

    private async Task<TimeSpan> RunMosquittoSubAsync(string clientId, string topic, MqttQualityOfService qos, long count, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var sub = ChildProcess.Start("mosquitto_sub",
        [
            "-h", context.Broker.Host, "-p", context.Broker.Port.ToString(CultureInfo.InvariantCulture),
            "-i", clientId, "-c", "-q", ((int)qos).ToString(CultureInfo.InvariantCulture), "-t", topic,
            "-C", count.ToString(CultureInfo.InvariantCulture),
        ]);
        var exitCode = await sub.WaitForExitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return exitCode == 0 ? elapsed : throw new InvalidOperationException($"mosquitto_sub exited with {exitCode}: {sub.Output}");
    }

    private static (string ClientId, string Topic) Names(string who, MqttQualityOfService qos, int run)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"bench-drain-{who}-q{(int)qos}-{run}");
        return (name, "bench/receive/" + name);
    }
}
