using System.Text;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

/// <summary>
/// <see cref="ReconnectingMqttClient"/> against a scripted server that drops connections at chosen moments: the
/// session's publishes are resent with DUP (or PUBREL) in order, QoS 2 is delivered once across connections,
/// subscriptions are made again when the session was not kept, and stopping is clean.
/// </summary>
public sealed class ReconnectingMqttClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private readonly FakeMqttServer _server = new();
    private ReconnectingMqttClient _client = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Reconnect_SessionKept_ResendsUnansweredPublishesWithDupAndPubRelInOrder(MqttProtocolVersion version)
    {
        var first = await StartAsync(version);
        var qos1 = Publish("one", MqttQualityOfService.AtLeastOnce);
        var qos2Received = Publish("two", MqttQualityOfService.ExactlyOnce);
        var qos2Sent = Publish("three", MqttQualityOfService.ExactlyOnce);
        var p1 = await first.ReadPacketAsync<PublishPacket>();
        var p2 = await first.ReadPacketAsync<PublishPacket>();
        var p3 = await first.ReadPacketAsync<PublishPacket>();
        await first.SendAsync(new PubRecPacket(p2.PacketId));
        Assert.Equal(p2.PacketId, (await first.ReadPacketAsync<PubRelPacket>()).PacketId);

        // The connection drops before any final answer.
        first.Close();
        var second = await _server.AcceptConnectAsync(new ConnAckPacket(true, MqttConnectReturnCode.Accepted));

        Assert.False(second.Connect!.CleanSession);
        var resent1 = await second.ReadPacketAsync<PublishPacket>();
        var resentRel = await second.ReadPacketAsync<PubRelPacket>();
        var resent3 = await second.ReadPacketAsync<PublishPacket>();
        Assert.Equal((p1.PacketId, true, "one"), (resent1.PacketId, resent1.Duplicate, Text(resent1)));
        Assert.Equal(p2.PacketId, resentRel.PacketId);
        Assert.Equal((p3.PacketId, true, "three"), (resent3.PacketId, resent3.Duplicate, Text(resent3)));
        Assert.False(qos1.IsCompleted || qos2Received.IsCompleted || qos2Sent.IsCompleted);

        await second.SendAsync(new PubAckPacket(p1.PacketId), new PubCompPacket(p2.PacketId), new PubRecPacket(p3.PacketId));
        await second.ReadPacketAsync<PubRelPacket>();
        await second.SendAsync(new PubCompPacket(p3.PacketId));
        var results = await Task.WhenAll(qos1, qos2Received, qos2Sent).WaitAsync(TestClients.Timeout);
        Assert.All(results, result => Assert.True(result.IsSuccess));
        Assert.Equal(0, _client.Session.Outgoing.Count);
        Assert.Equal(2, _client.ConnectionCount);
    }

    [Fact]
    public async Task Reconnect_SessionNotKept_ResendsAsNewMessagesCompletesTakenOverOnesAndResubscribes()
    {
        var first = await StartAsync(MqttProtocolVersion.V311, configure: options => options.CleanSession = true);
        var subscribing = _client.SubscribeAsync([new MqttTopicFilter("alerts/#", MqttQualityOfService.ExactlyOnce)], CancellationToken.None);
        var subscribe = await first.ReadPacketAsync<SubscribePacket>();
        await first.SendAsync(new SubAckPacket(subscribe.PacketId, [0x02]));
        await subscribing;

        var qos1 = Publish("one", MqttQualityOfService.AtLeastOnce);
        var qos2 = Publish("two", MqttQualityOfService.ExactlyOnce);
        var p1 = await first.ReadPacketAsync<PublishPacket>();
        var p2 = await first.ReadPacketAsync<PublishPacket>();
        await first.SendAsync(new PubRecPacket(p2.PacketId));
        await first.ReadPacketAsync<PubRelPacket>();

        first.Close();
        var second = await _server.AcceptConnectAsync(new ConnAckPacket(false, MqttConnectReturnCode.Accepted));

        // A new session: the broker no longer holds the QoS 1 message (sent again, as a new message) and had taken
        // the QoS 2 one over (PUBREC): there is nothing left to release, so it completes.
        Assert.True(second.Connect!.CleanSession);
        var again = await second.ReadPacketAsync<PublishPacket>();
        Assert.Equal(("one", false), (Text(again), again.Duplicate));
        Assert.True((await qos2.WaitAsync(TestClients.Timeout)).IsSuccess);
        var resubscribe = await second.ReadPacketAsync<SubscribePacket>();
        Assert.Equal("alerts/#", Assert.Single(resubscribe.Filters).Filter);
        Assert.Equal(MqttQualityOfService.ExactlyOnce, resubscribe.Filters[0].MaximumQos);
        await second.SendAsync(new SubAckPacket(resubscribe.PacketId, [0x02]), new PubAckPacket(again.PacketId));
        Assert.True((await qos1.WaitAsync(TestClients.Timeout)).IsSuccess);
        _ = p1;
    }

    [Fact]
    public async Task Reconnect_Mqtt5_LaterConnectionsResumeTheSession()
    {
        var first = await StartAsync(MqttProtocolVersion.V500, configure: options =>
        {
            options.CleanSession = true;
            options.SessionExpiryInterval = TimeSpan.FromMinutes(10);
        });
        Assert.True(first.Connect!.CleanSession);

        first.Close();
        var second = await _server.AcceptConnectAsync(new ConnAckPacket(true, MqttReasonCode.Success));

        // Clean start only the first time: afterwards the client resumes the session it made.
        Assert.False(second.Connect!.CleanSession);
        Assert.Equal(600u, second.Connect.Properties!.SessionExpiryInterval);
    }

    [Fact]
    public async Task Reconnect_Mqtt5AssignedClientIdentifier_IsUsedToResume()
    {
        _client = new ReconnectingMqttClient(
            Options(MqttProtocolVersion.V500, options =>
            {
                options.ClientId = string.Empty;
                options.CleanSession = true;
                options.SessionExpiryInterval = TimeSpan.FromMinutes(1);
            }),
            FastReconnect,
            new TestOutputLoggerFactory(output));
        _client.Start();
        var first = await _server.AcceptConnectAsync(new ConnAckPacket(false, MqttReasonCode.Success) { Properties = new MqttProperties { AssignedClientIdentifier = "auto-42" } });
        Assert.Equal(string.Empty, first.Connect!.ClientId);
        await _client.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(TestClients.Timeout);

        first.Close();
        var second = await _server.AcceptConnectAsync(new ConnAckPacket(true, MqttReasonCode.Success));

        Assert.Equal("auto-42", second.Connect!.ClientId);
    }

    [Fact]
    public async Task Reconnect_InboundQos2ResentBeforeApplicationAcknowledged_IsDeliveredOnceAndAnsweredOnTheNewConnection()
    {
        var first = await StartAsync(MqttProtocolVersion.V311);
        var qos2 = new PublishPacket("t", "exactly-once"u8.ToArray(), MqttQualityOfService.ExactlyOnce, false, false, 5);
        await first.SendAsync(qos2);
        var message = await _client.Messages.ReadAsync().AsTask().WaitAsync(TestClients.Timeout);

        first.Close();
        var second = await _server.AcceptConnectAsync(new ConnAckPacket(true, MqttConnectReturnCode.Accepted));
        await _client.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(TestClients.Timeout);
        await second.SendAsync(qos2 with { Duplicate = true });
        Assert.Null(await second.TryReadPacketAsync(Quiet));
        Assert.False(_client.Messages.TryRead(out _), "delivered twice");

        // The application acknowledges the copy it got on the first connection: PUBREC goes out on the second.
        await message.AcknowledgeAsync();
        Assert.Equal(5, (await second.ReadPacketAsync<PubRecPacket>()).PacketId);
        await second.SendAsync(new PubRelPacket(5));
        Assert.Equal(5, (await second.ReadPacketAsync<PubCompPacket>()).PacketId);
        Assert.Equal(0, _client.Session.Inbound.AwaitingRelease);
    }

    [Fact]
    public async Task Reconnect_InboundQos2AfterPubRec_ResendIsAnsweredWithoutDelivery()
    {
        var first = await StartAsync(MqttProtocolVersion.V500);
        var qos2 = new PublishPacket("t", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce, false, false, 8);
        await first.SendAsync(qos2);
        await (await _client.Messages.ReadAsync().AsTask().WaitAsync(TestClients.Timeout)).AcknowledgeAsync();
        await first.ReadPacketAsync<PubRecPacket>();

        // The PUBREC may not have arrived: the broker resends the PUBLISH on the next connection.
        first.Close();
        var second = await _server.AcceptConnectAsync(new ConnAckPacket(true, MqttReasonCode.Success));
        await second.SendAsync(qos2 with { Duplicate = true });

        Assert.Equal(8, (await second.ReadPacketAsync<PubRecPacket>()).PacketId);
        Assert.False(_client.Messages.TryRead(out _));
    }

    [Fact]
    public async Task PublishAsync_WhileDisconnected_IsSentOnceConnected()
    {
        _client = new ReconnectingMqttClient(Options(MqttProtocolVersion.V311), FastReconnect, new TestOutputLoggerFactory(output));
        var qos1 = Publish("early", MqttQualityOfService.AtLeastOnce);
        var qos0 = Publish("early-0", MqttQualityOfService.AtMostOnce);
        Assert.False(qos0.IsCompleted);

        _client.Start();
        var connection = await _server.AcceptConnectAsync(new ConnAckPacket(false, MqttConnectReturnCode.Accepted));

        var packets = new[] { await connection.ReadPacketAsync<PublishPacket>(), await connection.ReadPacketAsync<PublishPacket>() };
        Assert.Equal(["early", "early-0"], packets.Select(Text).Order());
        await qos0.WaitAsync(TestClients.Timeout);
        await connection.SendAsync(new PubAckPacket(packets.Single(p => p.Qos == MqttQualityOfService.AtLeastOnce).PacketId));
        await qos1.WaitAsync(TestClients.Timeout);
    }

    [Fact]
    public async Task Reconnect_BrokerRefusesAtFirst_TriesAgainWithGrowingDelays()
    {
        _client = new ReconnectingMqttClient(Options(MqttProtocolVersion.V311), new MqttReconnectOptions
        {
            MinDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(1),
            Jitter = 0,
        }, new TestOutputLoggerFactory(output));
        var changes = new List<MqttConnectionChangedEventArgs>();
        _client.ConnectionChanged += (_, change) => changes.Add(change);
        _client.Start();

        var started = TimeProvider.System.GetTimestamp();
        var times = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            await using var refused = await _server.AcceptConnectAsync(new ConnAckPacket(false, MqttConnectReturnCode.ServerUnavailable));
            times.Add(TimeProvider.System.GetElapsedTime(started));
        }

        var accepted = await _server.AcceptConnectAsync(new ConnAckPacket(false, MqttConnectReturnCode.Accepted));
        times.Add(TimeProvider.System.GetElapsedTime(started));
        await _client.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(TestClients.Timeout);

        // Waits of 100, 200, 400 ms between the attempts (upper bounds with slack for a loaded machine).
        Assert.InRange(times[1] - times[0], TimeSpan.FromMilliseconds(90), TimeSpan.FromMilliseconds(1100));
        Assert.InRange(times[2] - times[1], TimeSpan.FromMilliseconds(190), TimeSpan.FromMilliseconds(1200));
        Assert.InRange(times[3] - times[2], TimeSpan.FromMilliseconds(390), TimeSpan.FromMilliseconds(1400));
        Assert.True(Assert.Single(changes).IsConnected);
        _ = accepted;
    }

    [Fact]
    public void NextDelay_DoublesUpToTheMaximumWithJitterBelowTheCeiling()
    {
        _client = new ReconnectingMqttClient(Options(MqttProtocolVersion.V311), new MqttReconnectOptions
        {
            MinDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            Jitter = 0.5,
        })
        {
            Random = () => 1.0,
        };

        // With the largest random draw each wait is half its ceiling; with 0 it is the ceiling.
        Assert.Equal([0.5, 1, 2, 4, 8, 15, 15], Enumerable.Range(0, 7).Select(n => _client.NextDelay(n).TotalSeconds));
        _client.Random = () => 0.0;
        Assert.Equal([1.0, 2, 4, 8, 16, 30, 30], Enumerable.Range(0, 7).Select(n => _client.NextDelay(n).TotalSeconds));
        Assert.Equal(30, _client.NextDelay(1000).TotalSeconds);
    }

    [Fact]
    public async Task StopAsync_DisconnectsCleanlyCompletesMessagesAndFailsUnansweredPublishes()
    {
        var connection = await StartAsync(MqttProtocolVersion.V500);
        var unanswered = Publish("pending", MqttQualityOfService.AtLeastOnce);
        await connection.ReadPacketAsync<PublishPacket>();
        var changes = new List<MqttConnectionChangedEventArgs>();
        _client.ConnectionChanged += (_, change) => changes.Add(change);

        await _client.StopAsync(CancellationToken.None).WaitAsync(TestClients.Timeout);

        Assert.Equal(MqttReasonCode.Success, (await connection.ReadPacketAsync<DisconnectPacket>()).ReasonCode);
        Assert.False(await _client.Messages.WaitToReadAsync());
        await Assert.ThrowsAsync<MqttConnectionLostException>(() => unanswered);
        Assert.False(_client.IsConnected);
        var lost = Assert.Single(changes);
        Assert.False(lost.IsConnected);
        Assert.Null(lost.Reason);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Publish("late", MqttQualityOfService.AtMostOnce));

        // No reconnection after a stop.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _server.AcceptAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task SubscribeAsync_LostBeforeSubAck_SubscribesAgainOnTheNextConnection()
    {
        var first = await StartAsync(MqttProtocolVersion.V311);
        var subscribing = _client.SubscribeAsync([new MqttTopicFilter("a")], CancellationToken.None);
        await first.ReadPacketAsync<SubscribePacket>();

        first.Close();
        var second = await _server.AcceptConnectAsync(new ConnAckPacket(true, MqttConnectReturnCode.Accepted));
        var again = await second.ReadPacketAsync<SubscribePacket>();
        await second.SendAsync(new SubAckPacket(again.PacketId, [0x01]));

        Assert.True(Assert.Single(await subscribing.WaitAsync(TestClients.Timeout)).Succeeded);
    }

    [Fact]
    public async Task SubscribeAsync_Refused_IsNotMadeAgain()
    {
        var first = await StartAsync(MqttProtocolVersion.V311);
        var subscribing = _client.SubscribeAsync([new MqttTopicFilter("ok"), new MqttTopicFilter("denied")], CancellationToken.None);
        var subscribe = await first.ReadPacketAsync<SubscribePacket>();
        await first.SendAsync(new SubAckPacket(subscribe.PacketId, [0x01, 0x80]));
        await subscribing;

        first.Close();
        var second = await _server.AcceptConnectAsync(new ConnAckPacket(false, MqttConnectReturnCode.Accepted));

        Assert.Equal(["ok"], (await second.ReadPacketAsync<SubscribePacket>()).Filters.Select(f => f.Filter));
    }

    private static MqttReconnectOptions FastReconnect => new() { MinDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) };

    private static string Text(PublishPacket packet) => Encoding.UTF8.GetString(packet.Payload.Span);

    private MqttClientOptions Options(MqttProtocolVersion version, Action<MqttClientOptions>? configure = null)
    {
        var options = _server.Options("reconnecting");
        options.ProtocolVersion = version;
        options.CleanSession = false;
        configure?.Invoke(options);
        return options;
    }

    private async Task<FakeMqttConnection> StartAsync(MqttProtocolVersion version, Action<MqttClientOptions>? configure = null)
    {
        _client = new ReconnectingMqttClient(Options(version, configure), FastReconnect, new TestOutputLoggerFactory(output));
        _client.Start();
        var connection = await _server.AcceptConnectAsync(version == MqttProtocolVersion.V500
            ? new ConnAckPacket(false, MqttReasonCode.Success)
            : new ConnAckPacket(false, MqttConnectReturnCode.Accepted));
        await _client.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(TestClients.Timeout);
        return connection;
    }

    private Task<MqttPublishResult> Publish(string payload, MqttQualityOfService qos) =>
        _client.PublishAsync(new MqttApplicationMessage("t", Encoding.UTF8.GetBytes(payload), qos), CancellationToken.None);
}
