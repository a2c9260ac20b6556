using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Edge.Mqtt.Client;
using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests.Load;

/// <summary>
/// 10,000 concurrent connections from one process to one local Mosquitto: each subscribes to its own topic, publishes
/// to its neighbour's at QoS 1 a few times while all stay connected (with keep-alive pings) for a bounded time, receives
/// exactly what was published to it, once, and closes with DISCONNECT. Prints connect time and memory per connection.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class MqttClientConnectionScaleTests(ITestOutputHelper output)
{
    private const int Connections = 10_000;
    private const int Rounds = 3;

    /// <summary>Connects in flight at once: Mosquitto listens with a backlog of 100; more would overflow it and cost SYN retries.</summary>
    private const int ConnectConcurrency = 100;

    /// <summary>From the first publish round to the last; the rounds are spread evenly over it.</summary>
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(24);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ConnectAsync_TenThousandClientsInOneProcess_EachReceivesItsMessagesOnceAndAllCloseCleanly()
    {
        await using var broker = MosquittoBroker.WithConfiguration(["max_connections -1", "connection_messages false"]);
        await broker.InitializeAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var clients = new MqttClient[Connections];
        var received = new int[Connections * Rounds];
        var duplicates = 0;
        var unexpected = 0;
        var readers = new Task[Connections];
        using var sent = new SentBytes();
        try
        {
            var baseline = ProcessFigures.Take();
            output.WriteLine($"before: {baseline}");

            // Connect and subscribe, at most ConnectConcurrency at a time.
            var connectTimes = new double[Connections];
            var connecting = Stopwatch.StartNew();
            using (var timeout = new CancellationTokenSource(PhaseTimeout))
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, Connections), new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = timeout.Token }, async (i, ct) =>
                {
                    var client = new MqttClient(new MqttClientOptions
                    {
                        ClientId = $"load-{run}-{i}",
                        KeepAlive = KeepAlive,
                        ConnectTimeout = TimeSpan.FromSeconds(30),
                    }.WithBroker(broker.Address));
                    clients[i] = client;
                    var started = Stopwatch.GetTimestamp();
                    await client.ConnectAsync(ct);
                    connectTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var granted = await client.SubscribeAsync([new MqttTopicFilter(Topic(run, i), MqttQualityOfService.AtLeastOnce)], ct);
                    Assert.Equal(MqttQualityOfService.AtLeastOnce, Assert.Single(granted).GrantedQos);
                });
            }

            connecting.Stop();
            var connected = ProcessFigures.Take();
            Array.Sort(connectTimes);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Connections} connected and subscribed in {connecting.Elapsed.TotalSeconds:F2} s ({Connections / connecting.Elapsed.TotalSeconds:F0}/s, {ConnectConcurrency} at a time); "
                + $"CONNECT to CONNACK p50 {connectTimes[Connections / 2]:F1} ms, p99 {connectTimes[Connections * 99 / 100]:F1} ms, max {connectTimes[^1]:F1} ms"));
            output.WriteLine($"connected: {connected}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"per connection: managed heap {connected.HeapPerConnection(baseline, Connections) / 1024:F1} KiB, working set {connected.WorkingSetPerConnection(baseline, Connections) / 1024:F1} KiB"));

            for (var i = 0; i < Connections; i++)
            {
                var receiver = i;
                readers[i] = Task.Run(async () =>
                {
                    await foreach (var message in clients[receiver].Messages.ReadAllAsync())
                    {
                        if (message.Duplicate)
                        {
                            Interlocked.Increment(ref duplicates);
                        }

                        var (round, sender) = Parse(message.Text());
                        if (message.Topic != Topic(run, receiver) || sender != (receiver + Connections - 1) % Connections || round is < 0 or >= Rounds)
                        {
                            Interlocked.Increment(ref unexpected);
                        }
                        else
                        {
                            Interlocked.Increment(ref received[(receiver * Rounds) + round]);
                        }

                        await message.AcknowledgeAsync(CancellationToken.None);
                    }
                });
            }

            // Hold: publish rounds at the start, middle and end of the hold; between them only keep-alive pings go out.
            var holding = Stopwatch.StartNew();
            for (var round = 0; round < Rounds; round++)
            {
                if (round > 0)
                {
                    // From a second after the last round (its PUBACKs are out) to the next one, longer than the
                    // keep-alive period: at least one PINGREQ (2 bytes) per client on average in the process-wide byte
                    // count. That each client pinged shows after the hold: Mosquitto drops one silent for 1.5 periods.
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    var quietFrom = Interlocked.Read(ref sent.Bytes);
                    var quietFor = (Hold * round / (Rounds - 1)) - holding.Elapsed;
                    Assert.True(quietFor > KeepAlive, $"the round before took too long: {quietFor} left until the next");
                    await Task.Delay(quietFor);
                    var pingBytes = Interlocked.Read(ref sent.Bytes) - quietFrom;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"quiet {quietFor.TotalSeconds:F1} s: {pingBytes} bytes sent, {pingBytes / 2.0 / Connections:F2} PINGREQs per client"));
                    Assert.True(pingBytes >= 2L * Connections, $"only {pingBytes} bytes of PINGREQ from {Connections} clients in {quietFor}");
                }

                AssertAllConnected(clients, $"before round {round}");
                var startedAt = holding.Elapsed;
                var publishing = Stopwatch.StartNew();
                var thisRound = round;
                await Task.WhenAll(Enumerable.Range(0, Connections).Select(sender => clients[sender].PublishAsync(
                    new MqttApplicationMessage(Topic(run, (sender + 1) % Connections), Encoding.UTF8.GetBytes($"{thisRound}:{sender}"), MqttQualityOfService.AtLeastOnce),
                    CancellationToken.None)).ToArray()).WaitAsync(PhaseTimeout);
                await WaitUntilAsync(() => CountReceived(received, thisRound) == Connections, PhaseTimeout);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} at {startedAt.TotalSeconds:F1} s: {Connections} QoS 1 publishes acknowledged and received in {publishing.Elapsed.TotalMilliseconds:F0} ms"));
            }

            var held = ProcessFigures.Take();
            output.WriteLine($"after {holding.Elapsed.TotalSeconds:F1} s held: {held}");
            AssertAllConnected(clients, "during the hold");
            Assert.Equal(0, Volatile.Read(ref unexpected));
            Assert.Equal(0, Volatile.Read(ref duplicates));
            Assert.All(received, count => Assert.Equal(1, count));
            output.WriteLine($"messages: {Connections * Rounds} published, {received.Sum()} received, each exactly once");

            var closing = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(client => client.DisconnectAsync(CancellationToken.None))).WaitAsync(PhaseTimeout);
            await Task.WhenAll(clients.Select(client => client.Disconnected)).WaitAsync(PhaseTimeout);
            await Task.WhenAll(readers).WaitAsync(PhaseTimeout);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Connections} disconnected cleanly in {closing.Elapsed.TotalMilliseconds:F0} ms"));

            // No thread per connection: the thread pool stays small whatever the number of connections.
            Assert.True(connected.Threads - baseline.Threads < 100, $"{connected.Threads - baseline.Threads} more threads with {Connections} connections");
            Assert.True(connected.HeapPerConnection(baseline, Connections) < 64 * 1024, "more than 64 KiB of managed heap per idle connection");
        }
        finally
        {
            await Task.WhenAll(clients.Where(client => client is not null).Select(client => client.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Bytes all clients in the process wrote (the library's <c>edge.mqtt.bytes.sent</c> counter).</summary>
    private sealed class SentBytes : IDisposable
    {
        private readonly MeterListener _listener = new();
        public long Bytes;

        public SentBytes()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MqttMetrics.MeterName && instrument.Name == "edge.mqtt.bytes.sent")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref Bytes, value));
            _listener.Start();
        }

        public void Dispose() => _listener.Dispose();
    }

    private static void AssertAllConnected(MqttClient[] clients, string when)
    {
        var lost = clients.Where(client => !client.IsConnected).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} connections ended {when}; the first because: {lost.FirstOrDefault()?.Disconnected.Exception?.InnerException?.Message}");
    }

    private static string Topic(string run, int client) => string.Create(CultureInfo.InvariantCulture, $"load/{run}/{client}");

    private static (int Round, int Sender) Parse(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && int.TryParse(payload.AsSpan(0, colon), CultureInfo.InvariantCulture, out var round)
            && int.TryParse(payload.AsSpan(colon + 1), CultureInfo.InvariantCulture, out var sender)
            ? (round, sender)
            : (-1, -1);
    }

    private static int CountReceived(int[] received, int round)
    {
        var count = 0;
        for (var client = 0; client < Connections; client++)
        {
            count += Volatile.Read(ref received[(client * Rounds) + round]) > 0 ? 1 : 0;
        }

        return count;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"not reached within {timeout}");
            }

            await Task.Delay(20);
        }
    }
}
