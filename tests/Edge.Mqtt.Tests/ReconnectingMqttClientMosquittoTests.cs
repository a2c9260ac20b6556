using System.Collections.Concurrent;
using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

/// <summary>
/// <see cref="ReconnectingMqttClient"/> with Mosquitto behind a TCP proxy that makes faults: a broker that stops
/// answering (half-open: it still hears the client) is found within 1.5 keep-alive periods and the client reconnects;
/// a connection cut when the broker keeps no session is followed by subscribing again.
/// </summary>
public sealed class ReconnectingMqttClientMosquittoTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(1);

    // Scheduling slack on a loaded two-core machine.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(700);

    private readonly MosquittoBroker _broker = fixture.Broker;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task PeerStopsAnswering_FoundWithinOneAndAHalfKeepAlivesThenReconnectsToTheSession(MqttProtocolVersion version)
    {
        await using var proxy = new TcpProxy(_broker.Port);
        var topic = TestClients.NewTopic("half-open");
        var changes = new ConcurrentQueue<(long At, MqttConnectionChangedEventArgs Change)>();
        await using var client = new ReconnectingMqttClient(Options(proxy, version, cleanSession: false), SessionStream.FastReconnect, new TestOutputLoggerFactory(output));
        client.ConnectionChanged += (_, change) =>
        {
            changes.Enqueue((TimeProvider.System.GetTimestamp(), change));
            if (!change.IsConnected)
            {
                // The network heals as soon as the loss is noticed, so the reconnection can succeed.
                proxy.SwallowServerBytes = false;
            }
        };
        client.Start();
        await client.SubscribeAsync([new MqttTopicFilter(topic)], CancellationToken.None).WaitAsync(TestClients.Timeout);

        // From now on nothing the broker sends reaches the client (its PINGREQs still reach the broker).
        var silent = TimeProvider.System.GetTimestamp();
        proxy.SwallowServerBytes = true;
        var lost = await Eventually.HoldsAsync(() => Task.FromResult(changes.FirstOrDefault(c => !c.Change.IsConnected)), c => c.Change is not null, TestClients.Timeout, "connection lost");

        var detectedAfter = TimeProvider.System.GetElapsedTime(silent, lost.At);
        output.WriteLine($"dead peer found after {detectedAfter.TotalMilliseconds:0} ms");
        Assert.InRange(detectedAfter, KeepAlive, (KeepAlive * 1.5) + Slack);
        Assert.Contains("keep-alive timeout", lost.Change.Reason!.Message, StringComparison.Ordinal);

        await Eventually.HoldsAsync(() => Task.FromResult(client.ConnectionCount), n => n == 2, TestClients.Timeout, "reconnected");
        Assert.True(changes.Last().Change.ConnectResult!.SessionPresent);
        await MosquittoClients.PublishAsync(_broker, topic, "after", 1, version);
        Assert.Equal("after", (await client.Messages.ReadAsync().AsTask().WaitAsync(TestClients.Timeout)).Text());
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task ConnectionCut_SessionNotKept_SubscribesAgain(MqttProtocolVersion version)
    {
        await using var proxy = new TcpProxy(_broker.Port);
        var topic = TestClients.NewTopic("resubscribe");
        var results = new ConcurrentQueue<MqttConnectResult>();
        await using var client = new ReconnectingMqttClient(Options(proxy, version, cleanSession: true), SessionStream.FastReconnect, new TestOutputLoggerFactory(output));
        client.ConnectionChanged += (_, change) =>
        {
            if (change.ConnectResult is { } result)
            {
                results.Enqueue(result);
            }
        };
        client.Start();
        await client.SubscribeAsync([new MqttTopicFilter(topic, MqttQualityOfService.ExactlyOnce)], CancellationToken.None).WaitAsync(TestClients.Timeout);

        proxy.CutConnections();
        await Eventually.HoldsAsync(() => Task.FromResult(results.Count), n => n == 2, TestClients.Timeout, "reconnected");

        // The broker kept nothing (clean session; MQTT 5: session expiry 0), so only subscribing again brings this.
        Assert.All(results, result => Assert.False(result.SessionPresent));
        await MosquittoClients.PublishAsync(_broker, topic, "still subscribed", 2, version);
        var message = await client.Messages.ReadAsync().AsTask().WaitAsync(TestClients.Timeout);
        Assert.Equal("still subscribed", message.Text());
        Assert.Equal(MqttQualityOfService.ExactlyOnce, message.Qos);
        await client.StopAsync(CancellationToken.None);
    }

    private static MqttClientOptions Options(TcpProxy proxy, MqttProtocolVersion version, bool cleanSession) => new MqttClientOptions
    {
        ClientId = TestClients.NewClientId("reconnecting"),
        ProtocolVersion = version,
        CleanSession = cleanSession,
        KeepAlive = KeepAlive,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    }.WithBroker(proxy.Address);
}
