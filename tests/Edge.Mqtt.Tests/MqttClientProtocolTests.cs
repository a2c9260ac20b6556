using System.Text;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Tests.Infrastructure;

namespace Edge.Mqtt.Tests;

/// <summary>
/// The client against a scripted server: exact packets on the wire (acknowledgement order, inflight limit, QoS 2
/// exchange) and how a misbehaving peer ends the connection, with a clear reason and nothing thrown past the API.
/// </summary>
public sealed class MqttClientProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private readonly FakeMqttServer _server = new();
    private MqttClient _client = null!;
    private FakeMqttConnection _connection = null!;

    public async Task InitializeAsync() => (_client, _connection) = await _server.ConnectClientAsync(options => options.MaxInflightPublishes = 2);

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("30 FF FF FF FF 01", "malformed remaining length")]
    [InlineData("F0 00", "unknown packet type 15")]
    [InlineData("00 00", "unknown packet type 0")]
    [InlineData("41 02 00 01", "flags")]
    [InlineData("36 03 00 01 74", "QoS 3")]
    [InlineData("30 04 00 02 C3 28", "UTF-8")]
    [InlineData("30 03 00 01 23", "wildcard")]
    [InlineData("10 0C 00 04 4D 51 54 54 04 02 00 00 00 00", "unexpected Connect")]
    [InlineData("20 02 00 00", "unexpected ConnAck")]
    [InlineData("82 06 00 01 00 01 61 00", "unexpected Subscribe")]
    [InlineData("C0 00", "unexpected PingReq")]
    [InlineData("E0 00", "unexpected Disconnect")]
    public async Task ReadLoop_MalformedOrUnexpectedPacket_EndsConnectionWithReason(string hex, string reason)
    {
        await _connection.SendRawAsync(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));

        var loss = await _client.LossAsync();

        Assert.Contains("protocol violation", loss.Message, StringComparison.Ordinal);
        Assert.Contains(reason, loss.Message, StringComparison.Ordinal);
        Assert.False(_client.IsConnected);
        Assert.NotNull(await _connection.Closed.WaitAsync(TestClients.Timeout));
    }

    [Fact]
    public async Task ReadLoop_PacketOverLimit_EndsConnectionBeforeBodyArrives()
    {
        await _client.DisposeAsync();
        (_client, _connection) = await _server.ConnectClientAsync(options => options.MaxIncomingPacketBytes = 1000);

        // Announce a 10,000-byte PUBLISH, send only its first bytes: the header alone must end the connection.
        await _connection.SendRawAsync(Convert.FromHexString("30904E000174"));

        var loss = await _client.LossAsync();
        Assert.Contains("exceeds the limit of 1000 bytes", loss.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadLoop_ServerClosesSocket_DisconnectedFaultsAndMessagesCompletes()
    {
        _connection.Close();

        var loss = await _client.LossAsync();

        Assert.Contains("the broker closed the connection", loss.Message, StringComparison.Ordinal);
        Assert.False(await _client.Messages.WaitToReadAsync());
        Assert.True(_client.Messages.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ReadLoop_ServerClosesMidPacket_SaysSo()
    {
        await _connection.SendRawAsync(Convert.FromHexString("3010000174"));
        _connection.Close();

        var loss = await _client.LossAsync();

        Assert.Contains("in the middle of a packet", loss.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcknowledgeAsync_OutOfOrder_PubAcksLeaveInArrivalOrder()
    {
        await _connection.SendAsync(Publish(1, "one"), Publish(2, "two"), Publish(3, "three"));
        var messages = await _client.ReadAsync(3);
        Assert.Equal(["one", "two", "three"], messages.Select(m => m.Text()));

        await messages[2].AcknowledgeAsync();
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));

        await messages[0].AcknowledgeAsync();
        Assert.Equal(1, (await _connection.ReadPacketAsync<PubAckPacket>()).PacketId);
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));

        await messages[1].AcknowledgeAsync();
        Assert.Equal(2, (await _connection.ReadPacketAsync<PubAckPacket>()).PacketId);
        Assert.Equal(3, (await _connection.ReadPacketAsync<PubAckPacket>()).PacketId);
        Assert.Equal(0, _client.UnacknowledgedCount);
    }

    [Fact]
    public async Task AcknowledgeAsync_Twice_SendsOnePubAck()
    {
        await _connection.SendAsync(Publish(9, "x"));
        var message = await _client.ReadAsync();

        await message.AcknowledgeAsync();
        await message.AcknowledgeAsync();

        Assert.Equal(9, (await _connection.ReadPacketAsync<PubAckPacket>()).PacketId);
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));
    }

    [Fact]
    public async Task AcknowledgeAsync_AfterConnectionLost_IsNoOp()
    {
        await _connection.SendAsync(Publish(1, "x"));
        var message = await _client.ReadAsync();
        _connection.Close();
        await _client.LossAsync();

        await message.AcknowledgeAsync();
    }

    [Fact]
    public async Task Messages_DuplicateFlag_IsReported()
    {
        await _connection.SendAsync(new PublishPacket("t", "again"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true, Duplicate: true, 4));

        var message = await _client.ReadAsync();

        Assert.True(message.Duplicate);
        Assert.True(message.Retain);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, message.Qos);
    }

    [Fact]
    public async Task Messages_Qos0_AcknowledgeSendsNothing()
    {
        await _connection.SendAsync(new PublishPacket("t", "fire"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, false, 0));

        await (await _client.ReadAsync()).AcknowledgeAsync();

        Assert.Null(await _connection.TryReadPacketAsync(Quiet));
    }

    [Fact]
    public async Task Messages_Qos2_DeliveredOnceThenPubRecPubRelPubComp()
    {
        var qos2 = new PublishPacket("t/2", "exactly"u8.ToArray(), MqttQualityOfService.ExactlyOnce, false, false, 5);
        await _connection.SendAsync(qos2, qos2 with { Duplicate = true });
        var message = await _client.ReadAsync();
        Assert.Equal(MqttQualityOfService.ExactlyOnce, message.Qos);
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));

        await message.AcknowledgeAsync();
        Assert.Equal(5, (await _connection.ReadPacketAsync<PubRecPacket>()).PacketId);

        await _connection.SendAsync(new PubRelPacket(5));
        Assert.Equal(5, (await _connection.ReadPacketAsync<PubCompPacket>()).PacketId);

        // Delivered once, and the connection goes on.
        await _connection.SendAsync(Publish(6, "after"));
        Assert.Equal("after", (await _client.ReadAsync()).Text());
        Assert.True(_client.IsConnected);
    }

    [Fact]
    public async Task PublishAsync_Qos1_CompletesOnPubAck()
    {
        var publishing = _client.PublishAsync("t", "payload", MqttQualityOfService.AtLeastOnce);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();
        Assert.Equal(MqttQualityOfService.AtLeastOnce, publish.Qos);
        Assert.Equal("payload", Encoding.UTF8.GetString(publish.Payload.Span));
        Assert.False(publishing.IsCompleted);

        await _connection.SendAsync(new PubAckPacket(publish.PacketId));

        await publishing.WaitAsync(TestClients.Timeout);
    }

    [Fact]
    public async Task PublishAsync_BeyondInflightLimit_WaitsForPubAck()
    {
        var publishes = Enumerable.Range(1, 3).Select(i => _client.PublishAsync("t", $"m{i}", MqttQualityOfService.AtLeastOnce)).ToList();
        var first = await _connection.ReadPacketAsync<PublishPacket>();
        var second = await _connection.ReadPacketAsync<PublishPacket>();
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));
        Assert.NotEqual(first.PacketId, second.PacketId);

        await _connection.SendAsync(new PubAckPacket(first.PacketId));
        var third = await _connection.ReadPacketAsync<PublishPacket>();
        await publishes[0].WaitAsync(TestClients.Timeout);

        Assert.Equal("m3", Encoding.UTF8.GetString(third.Payload.Span));
        Assert.NotEqual(second.PacketId, third.PacketId);
        Assert.False(publishes[1].IsCompleted);
        Assert.False(publishes[2].IsCompleted);
    }

    [Fact]
    public async Task PublishAsync_ConnectionLostBeforePubAck_FailsWithConnectionLost()
    {
        var inflight = _client.PublishAsync("t", "a", MqttQualityOfService.AtLeastOnce);
        var inflight2 = _client.PublishAsync("t", "b", MqttQualityOfService.AtLeastOnce);
        var waitingForSlot = _client.PublishAsync("t", "c", MqttQualityOfService.AtLeastOnce);
        await _connection.ReadPacketAsync<PublishPacket>();
        await _connection.ReadPacketAsync<PublishPacket>();

        _connection.Close();

        foreach (var publish in new[] { inflight, inflight2, waitingForSlot })
        {
            var error = await Assert.ThrowsAsync<MqttConnectionLostException>(() => publish.WaitAsync(TestClients.Timeout));
            Assert.Contains("closed the connection", error.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<MqttConnectionLostException>(() => _client.PublishAsync("t", "late", MqttQualityOfService.AtMostOnce));
        Assert.Equal(0, _client.PendingRequestCount);
    }

    [Fact]
    public async Task PublishAsync_CallerCancelsWhileWaitingForPubAck_ThrowsButKeepsIdentifierUntilPubAck()
    {
        using var cts = new CancellationTokenSource();
        var publishing = _client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce), cts.Token);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publishing);
        Assert.Equal(1, _client.PendingRequestCount);
        await _connection.SendAsync(new PubAckPacket(publish.PacketId));
        await Eventually(() => _client.PendingRequestCount == 0);
    }

    [Fact]
    public async Task PublishAsync_UnknownPubAck_IsIgnored()
    {
        await _connection.SendAsync(new PubAckPacket(4242));

        var publishing = _client.PublishAsync("t", "x", MqttQualityOfService.AtLeastOnce);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();
        await _connection.SendAsync(new PubAckPacket(publish.PacketId));

        await publishing.WaitAsync(TestClients.Timeout);
        Assert.True(_client.IsConnected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/+")]
    [InlineData("a/#")]
    [InlineData("nul\0")]
    public async Task PublishAsync_InvalidTopic_ThrowsBeforeTouchingTheWire(string topic)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.PublishAsync(topic, "x", MqttQualityOfService.AtLeastOnce));

        Assert.Null(await _connection.TryReadPacketAsync(Quiet));
        Assert.True(_client.IsConnected);
    }

    [Fact]
    public async Task PublishAsync_Qos2_CompletesAfterPubRecPubRelPubComp()
    {
        var publishing = _client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce), CancellationToken.None);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();
        Assert.Equal(MqttQualityOfService.ExactlyOnce, publish.Qos);
        Assert.False(publish.Duplicate);

        await _connection.SendAsync(new PubRecPacket(publish.PacketId));
        Assert.Equal(publish.PacketId, (await _connection.ReadPacketAsync<PubRelPacket>()).PacketId);
        Assert.False(publishing.IsCompleted);

        await _connection.SendAsync(new PubCompPacket(publish.PacketId));
        var result = await publishing.WaitAsync(TestClients.Timeout);
        Assert.True(result.IsSuccess);
        Assert.Equal(0, _client.PendingRequestCount);
    }

    [Fact]
    public async Task PublishAsync_Qos2RepeatedPubRec_AnswersPubRelAgain()
    {
        var publishing = _client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce), CancellationToken.None);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();

        await _connection.SendAsync(new PubRecPacket(publish.PacketId), new PubRecPacket(publish.PacketId));

        Assert.Equal(publish.PacketId, (await _connection.ReadPacketAsync<PubRelPacket>()).PacketId);
        Assert.Equal(publish.PacketId, (await _connection.ReadPacketAsync<PubRelPacket>()).PacketId);
        await _connection.SendAsync(new PubCompPacket(publish.PacketId));
        Assert.True((await publishing.WaitAsync(TestClients.Timeout)).IsSuccess);
    }

    [Fact]
    public async Task ReadLoop_PubRecForUnknownIdentifier_IsAnsweredWithPubRelAndIgnored()
    {
        await _connection.SendAsync(new PubRecPacket(77));

        Assert.Equal(77, (await _connection.ReadPacketAsync<PubRelPacket>()).PacketId);
        Assert.True(_client.IsConnected);
    }

    [Theory]
    [InlineData("PUBCOMP", "before its PUBREC")]
    [InlineData("PUBACK", "a QoS 2 publish")]
    public async Task ReadLoop_WrongAnswerToQos2Publish_EndsConnection(string answer, string reason)
    {
        var publishing = _client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce), CancellationToken.None);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();

        await _connection.SendAsync(answer == "PUBCOMP" ? new PubCompPacket(publish.PacketId) : new PubAckPacket(publish.PacketId));

        Assert.Contains(reason, (await _client.LossAsync()).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<MqttConnectionLostException>(() => publishing);
    }

    [Fact]
    public async Task SubscribeAsync_SubAck_MapsGrantedQosAndFailure()
    {
        var subscribing = _client.SubscribeAsync(
            [new MqttTopicFilter("a", MqttQualityOfService.AtMostOnce), new MqttTopicFilter("b/#"), new MqttTopicFilter("c/+", MqttQualityOfService.ExactlyOnce), new MqttTopicFilter("$SYS/#")],
            CancellationToken.None);
        var subscribe = await _connection.ReadPacketAsync<SubscribePacket>();
        Assert.Equal(["a", "b/#", "c/+", "$SYS/#"], subscribe.Filters.Select(f => f.Filter));

        await _connection.SendAsync(new SubAckPacket(subscribe.PacketId, [0x00, 0x01, 0x02, 0x80]));
        var results = await subscribing;

        Assert.Equal([MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce, null], results.Select(r => r.GrantedQos));
        Assert.False(results[3].Succeeded);
    }

    [Fact]
    public async Task SubscribeAsync_SubAckWithWrongCount_EndsConnection()
    {
        var subscribing = _client.SubscribeAsync([new MqttTopicFilter("a"), new MqttTopicFilter("b")], CancellationToken.None);
        var subscribe = await _connection.ReadPacketAsync<SubscribePacket>();

        await _connection.SendAsync(new SubAckPacket(subscribe.PacketId, [0x01]));

        await Assert.ThrowsAsync<MqttConnectionLostException>(() => subscribing);
        Assert.Contains("1 return codes for a SUBSCRIBE of 2 filters", (await _client.LossAsync()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeAsync_AnswerOfWrongType_EndsConnection()
    {
        var subscribing = _client.SubscribeAsync([new MqttTopicFilter("a")], CancellationToken.None);
        var subscribe = await _connection.ReadPacketAsync<SubscribePacket>();

        await _connection.SendAsync(new PubAckPacket(subscribe.PacketId));

        await Assert.ThrowsAsync<MqttConnectionLostException>(() => subscribing);
        Assert.Contains("waits for a SubAck", (await _client.LossAsync()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsubscribeAsync_CompletesOnUnsubAck()
    {
        var unsubscribing = _client.UnsubscribeAsync(["a/+", "b"], CancellationToken.None);
        var unsubscribe = await _connection.ReadPacketAsync<UnsubscribePacket>();
        Assert.Equal(["a/+", "b"], unsubscribe.Filters);

        await _connection.SendAsync(new UnsubAckPacket(unsubscribe.PacketId));

        await unsubscribing.WaitAsync(TestClients.Timeout);
    }

    [Fact]
    public async Task DisconnectAsync_SendsQueuedPublishesThenDisconnectAndEndsCleanly()
    {
        await _client.PublishAsync("t", "last words");

        await _client.DisconnectAsync(CancellationToken.None);

        Assert.IsType<PublishPacket>(await _connection.ReadPacketAsync());
        Assert.IsType<DisconnectPacket>(await _connection.ReadPacketAsync());
        Assert.Equal("closed", await _connection.Closed.WaitAsync(TestClients.Timeout));
        Assert.True(_client.Disconnected.IsCompletedSuccessfully);
        Assert.True(_client.Messages.Completion.IsCompletedSuccessfully);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _client.PublishAsync("t", "after"));
        await _client.DisconnectAsync(CancellationToken.None);
    }

    [Fact]
    public async Task DisposeAsync_WhileConnected_DropsWithoutDisconnect()
    {
        await _client.DisposeAsync();

        Assert.Equal("closed", await _connection.Closed.WaitAsync(TestClients.Timeout));
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));
        Assert.True(_client.Disconnected.IsCompletedSuccessfully);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _client.PublishAsync("t", "after"));
    }

    [Fact]
    public async Task PublishAsync_BeforeConnect_ThrowsInvalidOperation()
    {
        await using var client = new MqttClient(_server.Options());

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.PublishAsync("t", "x"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SubscribeAsync("t"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.DisconnectAsync(CancellationToken.None));
    }

    private static PublishPacket Publish(ushort packetId, string payload) =>
        new("t", Encoding.UTF8.GetBytes(payload), MqttQualityOfService.AtLeastOnce, Retain: false, Duplicate: false, packetId);

    private static async Task Eventually(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TestClients.Timeout);
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
