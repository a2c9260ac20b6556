using System.Diagnostics;
using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;
using Edge.Mqtt.Bench.Reporting;

namespace Edge.Mqtt.Bench.Scenarios;

/// <summary>
/// Receive: N messages are queued in a persistent session, then the subscriber connects and drains them; the rate is
/// N over the time from connecting to the N-th message. Edge.Mqtt acknowledges each message through
/// <c>AcknowledgeAsync</c> (PUBACK for QoS 1); <c>mosquitto_sub -c -C N</c> writes them to /dev/null and exits. Its
/// process start-up (measured by draining a one-message session) is taken off its time, in its favour.
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
            var allocations = new List<double>();
            var (ours, theirs) = await context.CompareAsync(
                label,
                async run =>
                {
                    var (rate, bytesPerMessage) = await DrainWithEdgeAsync(qos, count, run, cancellationToken);
                    if (run > 0)
                    {
                        allocations.Add(bytesPerMessage);
                    }

                    return rate;
                },
                run => DrainWithMosquittoSubAsync(qos, count, run, startup, cancellationToken),
                rate => string.Create(CultureInfo.InvariantCulture, $"{rate:N0} msg/s"));

            var oursMedian = Stats.Median(ours);
            var theirMedian = Stats.Median(theirs);
            context.Report.Comparisons.Add(new Comparison(
                "receive", $"QoS {(int)qos}, drain {count:N0} queued in a session", "messages/s", "msg/s",
                oursMedian, theirMedian,
                $"mosquitto_sub -c -q {(int)qos} -C {count} >/dev/null (start-up {startup.TotalMilliseconds:F1} ms taken off)",
                "≥ 0.90 × C", oursMedian >= Target * theirMedian, ours, theirs, context.LoadNote()));
            context.Report.Figures.Add(new Figure(
                "receive", $"allocated per message received, QoS {(int)qos}", Stats.Median(allocations), "bytes",
                "GC.GetTotalAllocatedBytes(true) delta over the drain / N (whole process, median of runs)"));
        }
    }

    private async Task<(double Rate, double BytesPerMessage)> DrainWithEdgeAsync(MqttQualityOfService qos, long count, int run, CancellationToken cancellationToken)
    {
        var (clientId, topic) = Names("edge", qos, run);
        await SessionPreloader.PreloadAsync(context.Broker, clientId, topic, qos, count, cancellationToken);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await using var client = await EdgeClients.ConnectAsync(context.Broker.Host, context.Broker.Port, clientId, cleanSession: false, cancellationToken);
        var result = await EdgeClients.DrainAsync(client, count, TimeSpan.FromSeconds(10), cancellationToken);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        await client.DisconnectAsync(cancellationToken);
        if (result.Count != count)
        {
            throw new InvalidOperationException($"Edge.Mqtt received {result.Count} of {count} queued messages");
        }

        var seconds = Stopwatch.GetElapsedTime(started, result.LastTimestamp).TotalSeconds;
        return (count / seconds, (double)allocated / count);
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
