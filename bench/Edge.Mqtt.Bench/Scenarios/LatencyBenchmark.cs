using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Edge.Mqtt.Bench.Infrastructure;
using Edge.Mqtt.Bench.Reporting;

namespace Edge.Mqtt.Bench.Scenarios;

/// <summary>
/// Latency publish → broker → subscriber at a fixed rate (1,000 msg/s), 100-byte payloads carrying the send time.
/// Edge.Mqtt: publisher and subscriber are two clients in this process; the payload starts with the Stopwatch
/// timestamp taken just before <c>PublishAsync</c>, the subscriber reads the clock when the message comes out of
/// <c>Messages</c>. C: this process paces lines into <c>mosquitto_pub -l --nodelay</c>, each line starting with the
/// wall-clock time (ns) at which it was written to the pipe; <c>mosquitto_sub --nodelay -F '%U %p'</c> prints its own
/// wall-clock time of receipt. The first second of each run is warm-up and not counted.
/// </summary>
internal sealed class LatencyBenchmark(BenchContext context)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var qos in new[] { MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce })
        {
            var rate = context.Arguments.LatencyRate;
            var (ours, theirs) = await context.CompareAsync(
                $"latency QoS {(int)qos}",
                run => new EdgeLatencyRun(context.Broker, qos, rate, context.Arguments.LatencySeconds).RunAsync(run, cancellationToken),
                run => new MosquittoLatencyRun(context.Broker, qos, rate, context.Arguments.LatencySeconds).RunAsync(run, cancellationToken),
                r => r.ToString());

            var name = $"QoS {(int)qos}, {rate:N0} msg/s for {context.Arguments.LatencySeconds} s";
            var yardstick = $"mosquitto_pub -l -q {(int)qos} --nodelay fed by a pacer; mosquitto_sub -q {(int)qos} --nodelay -F '%U %p'";
            Add(name, "p50", r => r.P50, ours, theirs, yardstick, "-");
            Add(name, "p99", r => r.P99, ours, theirs, yardstick, "< 40 ms (no Nagle stall)", r => r < 40_000);
            Add(name, "p99.9", r => r.P999, ours, theirs, yardstick, "-");
            Add(name, "max", r => r.Max, ours, theirs, yardstick, "-");
            var lost = ours.Sum(r => r.Lost) + theirs.Sum(r => r.Lost);
            if (lost > 0)
            {
                context.Report.Notes.Add($"latency {name}: {lost} messages did not arrive (ours {ours.Sum(r => r.Lost)}, C {theirs.Sum(r => r.Lost)})");
            }
        }
    }

    private void Add(
        string name, string metric, Func<LatencyRun, double> select, List<LatencyRun> ours, List<LatencyRun> theirs,
        string yardstick, string target, Func<double, bool>? met = null)
    {
        var oursMedian = Stats.Median(ours.Select(select).ToArray());
        var theirMedian = Stats.Median(theirs.Select(select).ToArray());
        context.Report.Comparisons.Add(new Comparison(
            "latency", name, metric, "µs", oursMedian, theirMedian, yardstick, target, met?.Invoke(oursMedian),
            ours.Select(select).ToArray(), theirs.Select(select).ToArray(), context.LoadNote()));
    }

    /// <summary>Edge.Mqtt to Edge.Mqtt in this process, monotonic clock.</summary>
    private sealed class EdgeLatencyRun(BenchBroker broker, MqttQualityOfService qos, int rate, int seconds)
    {
        public async Task<LatencyRun> RunAsync(int run, CancellationToken cancellationToken)
        {
            var topic = string.Create(CultureInfo.InvariantCulture, $"bench/latency/edge/q{(int)qos}/{run}");
            var warmUp = rate;
            var total = warmUp + rate * seconds;
            await using var subscriber = await EdgeClients.ConnectAsync(broker.Host, broker.Port, $"bench-lat-sub-{run}", cleanSession: true, cancellationToken);
            await subscriber.SubscribeAsync([new MqttTopicFilter(topic, qos)], cancellationToken);
            await using var publisher = await EdgeClients.ConnectAsync(broker.Host, broker.Port, $"bench-lat-pub-{run}", cleanSession: true, cancellationToken);

            var latencies = new double[total];
            var collectionsBefore = GC.CollectionCount(0);
            var pausedBefore = GC.GetTotalPauseDuration();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var receiver = Task.Run(() => ReceiveAsync(subscriber, latencies, limit.Token), CancellationToken.None);
            var pacer = new Pacer(rate);
            var publishes = new List<Task>(total);
            for (var i = 0; i < total; i++)
            {
                await pacer.WaitForTurnAsync(i, cancellationToken);
                var payload = new byte[EdgeClients.PayloadBytes];
                payload.AsSpan(8).Fill((byte)'x');
                BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
                publishes.Add(publisher.PublishAsync(new MqttApplicationMessage(topic, payload, qos), cancellationToken));
            }

            await Task.WhenAll(publishes);
            limit.CancelAfter(TimeSpan.FromSeconds(5));
            var received = await receiver;
            var collections = GC.CollectionCount(0) - collectionsBefore;
            var paused = GC.GetTotalPauseDuration() - pausedBefore;
            await publisher.DisconnectAsync(cancellationToken);
            await subscriber.DisconnectAsync(cancellationToken);
            return LatencyRun.From(latencies.Take(received).Skip(warmUp), total - warmUp) with
            {
                Collections = collections,
                GcPauseMilliseconds = paused.TotalMilliseconds,
            };
        }

        private static async Task<int> ReceiveAsync(MqttClient subscriber, double[] latencies, CancellationToken cancellationToken)
        {
            var received = 0;
            try
            {
                await foreach (var message in subscriber.Messages.ReadAllAsync(cancellationToken))
                {
                    var now = Stopwatch.GetTimestamp();
                    var sent = BinaryPrimitives.ReadInt64LittleEndian(message.Payload.Span);
                    latencies[received++] = Stopwatch.GetElapsedTime(sent, now).TotalMicroseconds;
                    await message.AcknowledgeAsync(cancellationToken);
                    if (received == latencies.Length)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Gave up waiting for the rest: the caller counts them as lost.
            }

            return received;
        }
    }
}
