using System.Text;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Tests.Infrastructure;

namespace Edge.Mqtt.Tests;

/// <summary>
/// MQTT 5 behaviour against a scripted server: properties and reason codes both ways, the broker's limits (Receive
/// Maximum window, Maximum Packet Size, Maximum QoS, Retain Available), topic aliases, payload format checks, a
/// server DISCONNECT, and a misbehaving broker answered with DISCONNECT and the right reason code before closing.
/// </summary>
public sealed class MqttClientMqtt5ProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private readonly FakeMqttServer _server = new();
    private MqttClient _client = null!;
    private FakeMqttConnection _connection = null!;

    public async Task InitializeAsync() => (_client, _connection) = await _server.ConnectMqtt5ClientAsync(options =>
    {
        options.TopicAliasMaximum = 4;
        options.ReceiveMaximum = 3;
    });

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task PublishAsync_MessageProperties_AreOnTheWire()
    {
        var message = new MqttApplicationMessage("req/1", "{}"u8.ToArray(), MqttQualityOfService.AtLeastOnce)
        {
            PayloadFormatIndicator = MqttPayloadFormatIndicator.Utf8,
            MessageExpiryInterval = TimeSpan.FromSeconds(10),
            ContentType = "application/json",
            ResponseTopic = "resp/1",
            CorrelationData = new byte[] { 1, 2, 3 },
            UserProperties = [new MqttUserProperty("a", "1"), new MqttUserProperty("a", "2")],
        };

        var publishing = _client.PublishAsync(message, CancellationToken.None);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();
        await _connection.SendAsync(new PubAckPacket(publish.PacketId));
        await publishing;

        var p = publish.Properties!;
        Assert.Equal((byte)1, p.PayloadFormatIndicator);
        Assert.Equal(10u, p.MessageExpiryInterval);
        Assert.Equal("application/json", p.ContentType);
        Assert.Equal("resp/1", p.ResponseTopic);
        Assert.Equal(new byte[] { 1, 2, 3 }, p.CorrelationData!.Value.ToArray());
        Assert.Equal(message.UserProperties, p.UserProperties);
    }

    [Fact]
    public async Task PublishAsync_DeclaredUtf8ButNot_IsRefusedBeforeSending()
    {
        var message = new MqttApplicationMessage("t", new byte[] { 0xC3, 0x28 }) { PayloadFormatIndicator = MqttPayloadFormatIndicator.Utf8 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.PublishAsync(message, CancellationToken.None));

        Assert.Contains("not well-formed UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));
    }

    [Theory]
    [InlineData(0x00, true)]
    [InlineData(0x10, true)]
    [InlineData(0x87, false)]
    [InlineData(0x97, false)]
    public async Task PublishAsync_PubAckReasonCode_IsTheResult(byte code, bool success)
    {
        var publishing = _client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();

        await _connection.SendAsync(new PubAckPacket(publish.PacketId)
        {
            ReasonCode = (MqttReasonCode)code,
            Properties = new MqttProperties { ReasonString = "because", UserProperties = [new MqttUserProperty("x", "y")] },
        });
        var result = await publishing.WaitAsync(TestClients.Timeout);

        Assert.Equal((MqttReasonCode)code, result.ReasonCode);
        Assert.Equal(success, result.IsSuccess);
        Assert.Equal("because", result.ReasonString);
        Assert.Equal([new MqttUserProperty("x", "y")], result.UserProperties);
    }

    [Fact]
    public async Task PublishAsync_RefusedThroughIMqttClient_ThrowsWithTheReason()
    {
        IMqttClient client = _client;
        var publishing = client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();

        await _connection.SendAsync(new PubAckPacket(publish.PacketId) { ReasonCode = MqttReasonCode.NotAuthorized });

        var error = await Assert.ThrowsAsync<MqttException>(() => publishing);
        Assert.Contains("NotAuthorized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_Qos2PubRecRefusal_EndsTheFlowWithoutPubRel()
    {
        var publishing = _client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce), CancellationToken.None);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();

        await _connection.SendAsync(new PubRecPacket(publish.PacketId) { ReasonCode = MqttReasonCode.QuotaExceeded });

        Assert.Equal(MqttReasonCode.QuotaExceeded, (await publishing.WaitAsync(TestClients.Timeout)).ReasonCode);
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));
    }

    [Fact]
    public async Task PublishAsync_PubCompIdentifierNotFound_IsReported()
    {
        var publishing = _client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce), CancellationToken.None);
        var publish = await _connection.ReadPacketAsync<PublishPacket>();
        await _connection.SendAsync(new PubRecPacket(publish.PacketId));
        await _connection.ReadPacketAsync<PubRelPacket>();

        await _connection.SendAsync(new PubCompPacket(publish.PacketId) { ReasonCode = MqttReasonCode.PacketIdentifierNotFound });

        var result = await publishing.WaitAsync(TestClients.Timeout);
        Assert.False(result.IsSuccess);
        Assert.Equal(MqttReasonCode.PacketIdentifierNotFound, result.ReasonCode);
    }

    [Fact]
    public async Task PublishAsync_BrokerReceiveMaximum_LimitsPublishesInFlight()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectMqtt5ClientAsync(connAckProperties: new MqttProperties { ReceiveMaximum = 2 });
        await using var _ = client;

        var publishes = Enumerable.Range(1, 5)
            .Select(i => client.PublishAsync(new MqttApplicationMessage("t", Encoding.UTF8.GetBytes($"m{i}"), (MqttQualityOfService)(1 + (i % 2))), CancellationToken.None))
            .ToList();
        var first = await connection.ReadPacketAsync<PublishPacket>();
        var second = await connection.ReadPacketAsync<PublishPacket>();
        Assert.Null(await connection.TryReadPacketAsync(Quiet));

        // A QoS 2 publish keeps its place in the window until PUBCOMP, not PUBREC.
        var qos2 = first.Qos == MqttQualityOfService.ExactlyOnce ? first : second;
        var qos1 = first.Qos == MqttQualityOfService.ExactlyOnce ? second : first;
        await connection.SendAsync(new PubRecPacket(qos2.PacketId));
        Assert.IsType<PubRelPacket>(await connection.ReadPacketAsync());
        Assert.Null(await connection.TryReadPacketAsync(Quiet));

        await connection.SendAsync(new PubAckPacket(qos1.PacketId));
        var third = await connection.ReadPacketAsync<PublishPacket>();
        Assert.Equal("m3", Encoding.UTF8.GetString(third.Payload.Span));
        Assert.Null(await connection.TryReadPacketAsync(Quiet));

        await connection.SendAsync(new PubCompPacket(qos2.PacketId));
        Assert.Equal("m4", Encoding.UTF8.GetString((await connection.ReadPacketAsync<PublishPacket>()).Payload.Span));
        await Task.WhenAll(publishes[0], publishes[1]).WaitAsync(TestClients.Timeout);
    }

    [Fact]
    public async Task PublishAsync_LargerThanBrokersMaximumPacketSize_IsNotSentAndReportedTooLarge()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectMqtt5ClientAsync(connAckProperties: new MqttProperties { MaximumPacketSize = 64 });
        await using var _ = client;

        var small = await client.PublishAsync(new MqttApplicationMessage("t", new byte[50]), CancellationToken.None);
        var large = await client.PublishAsync(new MqttApplicationMessage("t", new byte[100]), CancellationToken.None);
        var largeQos1 = await client.PublishAsync(new MqttApplicationMessage("t", new byte[100], MqttQualityOfService.AtLeastOnce), CancellationToken.None);

        Assert.True(small.IsSuccess);
        Assert.Equal(MqttReasonCode.PacketTooLarge, large.ReasonCode);
        Assert.Equal(MqttReasonCode.PacketTooLarge, largeQos1.ReasonCode);
        Assert.Equal(50, (await connection.ReadPacketAsync<PublishPacket>()).Payload.Length);
        Assert.Null(await connection.TryReadPacketAsync(Quiet));
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task PublishAsync_AboveBrokersMaximumQosOrRetainUnavailable_IsNotSent()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectMqtt5ClientAsync(connAckProperties: new MqttProperties { MaximumQos = 1, RetainAvailable = 0 });
        await using var _ = client;

        var qos2 = await client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce), CancellationToken.None);
        var retained = await client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), Retain: true), CancellationToken.None);

        Assert.Equal(MqttReasonCode.QosNotSupported, qos2.ReasonCode);
        Assert.Equal(MqttReasonCode.RetainNotSupported, retained.ReasonCode);
        Assert.Null(await connection.TryReadPacketAsync(Quiet));
    }

    [Fact]
    public async Task SubscribeAsync_OptionsOnTheWireAndReasonCodesInResults()
    {
        var subscribing = _client.SubscribeAsync(
            [
                new MqttTopicFilter("a/#", MqttQualityOfService.ExactlyOnce) { NoLocal = true, RetainAsPublished = true, RetainHandling = MqttRetainHandling.DoNotSend },
                new MqttTopicFilter("$share/workers/jobs/+"),
                new MqttTopicFilter("denied"),
            ],
            CancellationToken.None);
        var subscribe = await _connection.ReadPacketAsync<SubscribePacket>();
        await _connection.SendAsync(new SubAckPacket(subscribe.PacketId, [0x01, 0x01, 0x87]) { Properties = new MqttProperties { ReasonString = "partly" } });
        var results = await subscribing;

        var first = subscribe.Filters[0];
        Assert.True(first.NoLocal && first.RetainAsPublished);
        Assert.Equal(MqttRetainHandling.DoNotSend, first.RetainHandling);
        Assert.Equal("$share/workers/jobs/+", subscribe.Filters[1].Filter);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, results[0].GrantedQos);
        Assert.Equal(MqttReasonCode.GrantedQos1, results[0].ReasonCode);
        Assert.False(results[2].Succeeded);
        Assert.Equal(MqttReasonCode.NotAuthorized, results[2].ReasonCode);
        Assert.Equal("partly", results[2].ReasonString);
    }

    [Fact]
    public async Task UnsubscribeAsync_ReasonCodesInResults()
    {
        var unsubscribing = _client.UnsubscribeAsync(["a", "b"], CancellationToken.None);
        var unsubscribe = await _connection.ReadPacketAsync<UnsubscribePacket>();
        await _connection.SendAsync(new UnsubAckPacket(unsubscribe.PacketId) { ReasonCodes = [0x00, 0x11] });

        var results = await unsubscribing;

        Assert.Equal([MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted], results.Select(r => r.ReasonCode));
        Assert.True(results[1].Succeeded);
    }

    [Fact]
    public async Task UnsubscribeAsync_WrongNumberOfReasonCodes_EndsConnection()
    {
        var unsubscribing = _client.UnsubscribeAsync(["a", "b"], CancellationToken.None);
        var unsubscribe = await _connection.ReadPacketAsync<UnsubscribePacket>();

        await _connection.SendAsync(new UnsubAckPacket(unsubscribe.PacketId) { ReasonCodes = [0x00] });

        await Assert.ThrowsAsync<MqttConnectionLostException>(() => unsubscribing);
        Assert.Contains("1 reason codes for an UNSUBSCRIBE of 2", (await _client.LossAsync()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_Mqtt5Properties_AreOnTheReceivedMessage()
    {
        await _connection.SendAsync(new PublishPacket("t", "{}"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, false, 0)
        {
            Properties = new MqttProperties
            {
                PayloadFormatIndicator = 1,
                MessageExpiryInterval = 7,
                ContentType = "application/json",
                ResponseTopic = "resp",
                CorrelationData = new byte[] { 9 },
                UserProperties = [new MqttUserProperty("k", "v")],
                SubscriptionIdentifiers = [3, 12],
            },
        });

        var message = await _client.ReadAsync();

        Assert.Equal(MqttPayloadFormatIndicator.Utf8, message.PayloadFormatIndicator);
        Assert.Equal(TimeSpan.FromSeconds(7), message.MessageExpiryInterval);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("resp", message.ResponseTopic);
        Assert.Equal(new byte[] { 9 }, message.CorrelationData!.Value.ToArray());
        Assert.Equal([new MqttUserProperty("k", "v")], message.UserProperties);
        Assert.Equal([3, 12], message.SubscriptionIdentifiers);
    }

    [Fact]
    public async Task Messages_TopicAliases_AreResolvedPerConnection()
    {
        await _connection.SendAsync(
            Aliased("sensors/slope-1/tilt", 1, "a"),
            Aliased(string.Empty, 1, "b"),
            Aliased("sensors/slope-2/tilt", 1, "c"),
            Aliased(string.Empty, 1, "d"));

        var messages = await _client.ReadAsync(4);

        Assert.Equal(["sensors/slope-1/tilt", "sensors/slope-1/tilt", "sensors/slope-2/tilt", "sensors/slope-2/tilt"], messages.Select(m => m.Topic));
        Assert.Equal(["a", "b", "c", "d"], messages.Select(m => m.Text()));
    }

    [Theory]
    [InlineData(MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttQualityOfService.ExactlyOnce)]
    public async Task Messages_DeclaredUtf8ButNot_IsRefusedWithPayloadFormatInvalidInItsTurn(MqttQualityOfService qos)
    {
        var bad = new PublishPacket("t", new byte[] { 0xFF }, qos, false, false, 1) { Properties = new MqttProperties { PayloadFormatIndicator = 1 } };
        await _connection.SendAsync(new PublishPacket("t", "first"u8.ToArray(), MqttQualityOfService.AtLeastOnce, false, false, 9), bad, new PublishPacket("t", "good"u8.ToArray(), MqttQualityOfService.AtLeastOnce, false, false, 2));

        var first = await _client.ReadAsync();
        var good = await _client.ReadAsync();
        Assert.Equal("good", good.Text());
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));

        await first.AcknowledgeAsync();
        Assert.Equal(9, (await _connection.ReadPacketAsync<PubAckPacket>()).PacketId);
        var refusal = (PublishResponsePacket)await _connection.ReadPacketAsync();
        Assert.Equal(1, refusal.PacketId);
        Assert.Equal(MqttReasonCode.PayloadFormatInvalid, refusal.ReasonCode);
        Assert.Equal(qos == MqttQualityOfService.AtLeastOnce ? MqttPacketType.PubAck : MqttPacketType.PubRec, refusal.Type);
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));
        await good.AcknowledgeAsync();
        Assert.Equal(2, (await _connection.ReadPacketAsync<PubAckPacket>()).PacketId);
    }

    [Fact]
    public async Task ReadLoop_ServerDisconnect_SurfacesItsReasonInTheLoss()
    {
        await _connection.SendAsync(new DisconnectPacket
        {
            ReasonCode = MqttReasonCode.SessionTakenOver,
            Properties = new MqttProperties { ReasonString = "another client took the id", ServerReference = "b2:1883" },
        });

        var loss = await _client.LossAsync();

        Assert.Equal(MqttReasonCode.SessionTakenOver, loss.ReasonCode);
        Assert.True(loss.SentByServer);
        Assert.Equal("another client took the id", loss.ReasonString);
        Assert.Equal("b2:1883", loss.ServerReference);
        Assert.Contains("SessionTakenOver", loss.Message, StringComparison.Ordinal);
        Assert.Null(await _connection.TryReadPacketAsync(Quiet));
    }

    [Theory]
    // Properties repeated or out of place, bad property lengths, invalid UTF-8, forbidden flags, wrong remaining length.
    [InlineData("30 08 00 01 74 04 01 00 01 00", MqttReasonCode.ProtocolError, "more than once")]
    [InlineData("30 09 00 01 74 05 11 00 00 00 0A", MqttReasonCode.MalformedPacket, "not allowed there")]
    [InlineData("30 05 00 01 74 09 01", MqttReasonCode.MalformedPacket, "property length 9 exceeds")]
    [InlineData("30 08 00 01 74 03 02 00 00 00", MqttReasonCode.MalformedPacket, "truncated")]
    [InlineData("30 09 00 01 74 05 03 00 02 C3 28", MqttReasonCode.MalformedPacket, "UTF-8")]
    [InlineData("30 04 00 02 C3 28", MqttReasonCode.MalformedPacket, "UTF-8")]
    [InlineData("41 02 00 01", MqttReasonCode.MalformedPacket, "flags")]
    [InlineData("36 03 00 01 74", MqttReasonCode.MalformedPacket, "QoS 3")]
    [InlineData("40 01 00", MqttReasonCode.MalformedPacket, "remaining length of 1")]
    [InlineData("30 FF FF FF FF 01", MqttReasonCode.MalformedPacket, "malformed remaining length")]
    // Unexpected packets and states.
    [InlineData("10 0D 00 04 4D 51 54 54 05 02 00 00 00 00 00", MqttReasonCode.ProtocolError, "unexpected Connect")]
    [InlineData("20 03 00 00 00", MqttReasonCode.ProtocolError, "unexpected ConnAck")]
    [InlineData("F0 00", MqttReasonCode.ProtocolError, "unexpected Auth")]
    [InlineData("40 03 00 01 04", MqttReasonCode.ProtocolError, "reason code 0x04")]
    [InlineData("30 03 00 00 00", MqttReasonCode.ProtocolError, "empty topic name")]
    // Topic aliases: beyond this client's maximum (4), and one never set.
    [InlineData("30 07 00 01 74 03 23 00 05", MqttReasonCode.TopicAliasInvalid, "outside 1..4")]
    [InlineData("30 07 00 01 74 03 23 00 00", MqttReasonCode.TopicAliasInvalid, "topic alias 0")]
    [InlineData("30 06 00 00 03 23 00 02", MqttReasonCode.ProtocolError, "never set on this connection")]
    public async Task ReadLoop_BrokerViolation_IsAnsweredWithDisconnectNamingItThenClosed(string hex, MqttReasonCode reason, string message)
    {
        await _connection.SendRawAsync(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));

        var disconnect = await _connection.ReadPacketAsync<DisconnectPacket>();
        var loss = await _client.LossAsync();

        Assert.Equal(reason, disconnect.ReasonCode);
        Assert.Equal(reason, loss.ReasonCode);
        Assert.False(loss.SentByServer);
        Assert.Contains(message, loss.Message, StringComparison.Ordinal);
        Assert.NotNull(await _connection.Closed.WaitAsync(TestClients.Timeout));
    }

    [Fact]
    public async Task ReadLoop_PacketOverOurMaximum_IsAnsweredWithPacketTooLarge()
    {
        await _client.DisposeAsync();
        (_client, _connection) = await _server.ConnectMqtt5ClientAsync(options => options.MaxIncomingPacketBytes = 1000);

        await _connection.SendRawAsync(Convert.FromHexString("30904E000174"));

        Assert.Equal(MqttReasonCode.PacketTooLarge, (await _connection.ReadPacketAsync<DisconnectPacket>()).ReasonCode);
        Assert.Equal(MqttReasonCode.PacketTooLarge, (await _client.LossAsync()).ReasonCode);
    }

    [Fact]
    public async Task ReadLoop_MoreUnacknowledgedThanReceiveMaximum_IsAnsweredWithReceiveMaximumExceeded()
    {
        // This client announced Receive Maximum 3; the broker sends a fourth message before any acknowledgement.
        Assert.Equal((ushort)3, _connection.Connect!.Properties!.ReceiveMaximum);
        for (ushort id = 1; id <= 4; id++)
        {
            await _connection.SendAsync(new PublishPacket("t", "x"u8.ToArray(), id % 2 == 0 ? MqttQualityOfService.ExactlyOnce : MqttQualityOfService.AtLeastOnce, false, false, id));
        }

        Assert.Equal(MqttReasonCode.ReceiveMaximumExceeded, (await _connection.ReadPacketAsync<DisconnectPacket>()).ReasonCode);
        Assert.Equal(MqttReasonCode.ReceiveMaximumExceeded, (await _client.LossAsync()).ReasonCode);
    }

    [Fact]
    public async Task ReadLoop_ReceiveMaximumFreedByAcknowledgements_StaysConnected()
    {
        for (ushort id = 1; id <= 9; id++)
        {
            await _connection.SendAsync(new PublishPacket("t", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce, false, false, id));
            var message = await _client.ReadAsync();
            await message.AcknowledgeAsync();
            await _connection.ReadPacketAsync<PubAckPacket>();
        }

        Assert.True(_client.IsConnected);
    }

    [Fact]
    public async Task DisconnectAsync_WithWillReason_SendsIt()
    {
        await _client.DisconnectAsync(MqttReasonCode.DisconnectWithWillMessage, CancellationToken.None);

        Assert.Equal(MqttReasonCode.DisconnectWithWillMessage, (await _connection.ReadPacketAsync<DisconnectPacket>()).ReasonCode);
        await _client.Disconnected.WaitAsync(TestClients.Timeout);
    }

    [Fact]
    public async Task DisconnectAsync_ReasonNotForDisconnect_IsArgumentException() =>
        await Assert.ThrowsAsync<ArgumentException>(() => _client.DisconnectAsync(MqttReasonCode.GrantedQos1, CancellationToken.None));

    private static PublishPacket Aliased(string topic, ushort alias, string payload) =>
        new(topic, Encoding.UTF8.GetBytes(payload), MqttQualityOfService.AtMostOnce, false, false, 0) { Properties = new MqttProperties { TopicAlias = alias } };
}
