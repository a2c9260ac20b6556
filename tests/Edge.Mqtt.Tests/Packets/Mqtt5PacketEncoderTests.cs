using System.Buffers;
using Edge.Mqtt.Packets;
using static Edge.Mqtt.Tests.Packets.PacketBytes;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>Byte-exact MQTT 5 encodings, worked from the examples and rules of the MQTT 5.0 specification.</summary>
public sealed class Mqtt5PacketEncoderTests
{
    private const MqttProtocolVersion V5 = MqttProtocolVersion.V500;

    [Fact]
    public void Write_ConnectOfSpecExample_HasFigure3_6VariableHeader()
    {
        // Section 3.1.2.11, figure 3-6: "MQTT", version 5, flags 0xCE (user name, password, will QoS 1, will, clean
        // start), keep alive 10, properties of length 5: session expiry interval (0x11) of 10.
        var connect = new ConnectPacket("c", 10, CleanSession: true, "u", "p"u8.ToArray(),
            new MqttWill("w", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: false))
        {
            ProtocolVersion = V5,
            Properties = new MqttProperties { SessionExpiryInterval = 10 },
        };

        var bytes = Encode(connect, V5);

        Assert.Equal("00 04 4D 51 54 54 05 CE 00 0A 05 11 00 00 00 0A", ToHex(bytes.AsSpan(2, 16)));

        // Then the payload (section 3.1.3): client id, will properties (none: length 0), will topic, will payload, user, password.
        Assert.Equal("10 20 00 04 4D 51 54 54 05 CE 00 0A 05 11 00 00 00 0A 00 01 63 00 00 01 77 00 01 78 00 01 75 00 01 70", ToHex(bytes));
    }

    [Fact]
    public void Write_ConnectWithWillProperties_PutsThemBeforeTheWillTopic()
    {
        var connect = new ConnectPacket("c", 0, CleanSession: false, Will: new MqttWill("w", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, Retain: false)
        {
            Properties = new MqttProperties { WillDelayInterval = 30, PayloadFormatIndicator = 1 },
        })
        {
            ProtocolVersion = V5,
        };

        // Will properties: payload format indicator (0x01) = 1, will delay interval (0x18) = 30, in identifier order.
        Assert.Equal("10 1B 00 04 4D 51 54 54 05 04 00 00 00 00 01 63 07 01 01 18 00 00 00 1E 00 01 77 00 00", ToHex(Encode(connect, V5)));
    }

    [Fact]
    public void Write_PublishOfSpecExample_HasEmptyPropertyLength()
    {
        // Section 3.3.2.3, figure 3-9: topic "a/b", packet identifier 10, property length 0.
        var bytes = Encode(new PublishPacket("a/b", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtLeastOnce, false, false, 10), V5);

        Assert.Equal("32 08 00 03 61 2F 62 00 0A 00", ToHex(bytes));
    }

    [Fact]
    public void Write_PublishWithProperties_IsExact()
    {
        var publish = new PublishPacket("t", "hi"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, false, 0)
        {
            Properties = new MqttProperties
            {
                PayloadFormatIndicator = 1,
                MessageExpiryInterval = 60,
                ContentType = "text",
                ResponseTopic = "r",
                CorrelationData = new byte[] { 0xC0, 0xDE },
                UserProperties = [new MqttUserProperty("k", "v")],
            },
        };

        // 01 01 | 02 00 00 00 3C | 03 00 04 'text' | 08 00 01 'r' | 09 00 02 C0 DE | 26 00 01 'k' 00 01 'v' = 30 bytes (0x1E).
        Assert.Equal(
            "30 24 00 01 74 1E 01 01 02 00 00 00 3C 03 00 04 74 65 78 74 08 00 01 72 09 00 02 C0 DE 26 00 01 6B 00 01 76 68 69",
            ToHex(Encode(publish, V5)));
    }

    [Fact]
    public void Write_PublishWithTopicAliasOnly_HasEmptyTopicName()
    {
        var publish = new PublishPacket(string.Empty, "x"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, false, 0)
        {
            Properties = new MqttProperties { TopicAlias = 3 },
        };

        Assert.Equal("30 07 00 00 03 23 00 03 78", ToHex(Encode(publish, V5)));
    }

    [Theory]
    [InlineData(MqttReasonCode.Success, null, "40 02 00 0A")]
    [InlineData(MqttReasonCode.NoMatchingSubscribers, null, "40 03 00 0A 10")]
    [InlineData(MqttReasonCode.NotAuthorized, "x", "40 08 00 0A 87 04 1F 00 01 78")]
    public void Write_PubAck_UsesTheShortestForm(MqttReasonCode reason, string? reasonString, string hex)
    {
        var ack = new PubAckPacket(10) { ReasonCode = reason, Properties = reasonString is null ? null : new MqttProperties { ReasonString = reasonString } };

        Assert.Equal(hex, ToHex(Encode(ack, V5)));
    }

    [Fact]
    public void Write_PubRelWithIdentifierNotFound_IsExact() =>
        Assert.Equal("62 03 00 05 92", ToHex(Encode(new PubRelPacket(5) { ReasonCode = MqttReasonCode.PacketIdentifierNotFound }, V5)));

    [Fact]
    public void Write_SubscribeWithOptionsAndIdentifier_IsExact()
    {
        // Options byte (section 3.8.3.1): QoS 1 | no-local 0x04 | retain-as-published 0x08 | retain handling 2 << 4 = 0x2D.
        // Subscription identifier 268,435,455: the largest variable byte integer, FF FF FF 7F.
        var subscribe = new SubscribePacket(1, [new MqttTopicFilter("a", MqttQualityOfService.AtLeastOnce)
        {
            NoLocal = true,
            RetainAsPublished = true,
            RetainHandling = MqttRetainHandling.DoNotSend,
        }])
        {
            Properties = new MqttProperties { SubscriptionIdentifiers = [268_435_455] },
        };

        Assert.Equal("82 0C 00 01 05 0B FF FF FF 7F 00 01 61 2D", ToHex(Encode(subscribe, V5)));
    }

    [Fact]
    public void Write_SubAckAndUnsubAck_CarryReasonCodesAfterProperties()
    {
        Assert.Equal("90 05 00 07 00 01 A2", ToHex(Encode(new SubAckPacket(7, [0x01, 0xA2]), V5)));
        Assert.Equal("B0 05 00 08 00 00 11", ToHex(Encode(new UnsubAckPacket(8) { ReasonCodes = [0x00, 0x11] }, V5)));
    }

    [Theory]
    [InlineData(MqttReasonCode.Success, null, "E0 00")]
    [InlineData(MqttReasonCode.SessionTakenOver, null, "E0 01 8E")]
    [InlineData(MqttReasonCode.Success, 60u, "E0 07 00 05 11 00 00 00 3C")]
    public void Write_Disconnect_UsesTheShortestForm(MqttReasonCode reason, uint? sessionExpiry, string hex)
    {
        var disconnect = new DisconnectPacket { ReasonCode = reason, Properties = sessionExpiry is null ? null : new MqttProperties { SessionExpiryInterval = sessionExpiry } };

        Assert.Equal(hex, ToHex(Encode(disconnect, V5)));
    }

    [Fact]
    public void Write_Auth_IsExact()
    {
        Assert.Equal("F0 00", ToHex(Encode(new AuthPacket(), V5)));
        Assert.Equal("F0 09 18 07 15 00 04 53 43 52 4D", ToHex(Encode(new AuthPacket
        {
            ReasonCode = MqttReasonCode.ContinueAuthentication,
            Properties = new MqttProperties { AuthenticationMethod = "SCRM" },
        }, V5)));
    }

    [Fact]
    public void Write_MqttFiveMembersOnAnMqtt311Connection_AreLeftOut()
    {
        var ack = new PubAckPacket(10) { ReasonCode = MqttReasonCode.NotAuthorized, Properties = new MqttProperties { ReasonString = "x" } };
        var publish = new PublishPacket("t", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, false, false, 0) { Properties = new MqttProperties { ContentType = "c" } };

        Assert.Equal("40 02 00 0A", ToHex(Encode(ack, MqttProtocolVersion.V311)));
        Assert.Equal("30 03 00 01 74", ToHex(Encode(publish, MqttProtocolVersion.V311)));
        Assert.Equal("E0 00", ToHex(Encode(new DisconnectPacket { ReasonCode = MqttReasonCode.ServerBusy }, MqttProtocolVersion.V311)));
        Assert.Throws<ArgumentException>(() => Encode(new AuthPacket(), MqttProtocolVersion.V311));
    }

    [Fact]
    public void Decode_ConnAckWithProperties_ReadsThem()
    {
        // Receive maximum 20, topic alias maximum 10, maximum QoS 1, assigned client identifier "id".
        var connAck = Assert.IsType<ConnAckPacket>(Decode("20 10 01 00 0D 21 00 14 22 00 0A 24 01 12 00 02 69 64"));

        Assert.True(connAck.SessionPresent);
        Assert.Equal(0, connAck.Code);
        Assert.Equal((ushort)20, connAck.Properties!.ReceiveMaximum);
        Assert.Equal((ushort)10, connAck.Properties.TopicAliasMaximum);
        Assert.Equal((byte)1, connAck.Properties.MaximumQos);
        Assert.Equal("id", connAck.Properties.AssignedClientIdentifier);
    }

    [Fact]
    public void Decode_Mqtt311RefusalOfAnMqtt5Connect_ReadsAsUnsupportedProtocolVersion()
    {
        // Section 3.1.2.2: a server that does not speak MQTT 5 may answer with the MQTT 3.1.1 CONNACK 0x01.
        var connAck = Assert.IsType<ConnAckPacket>(Decode("20 02 00 01"));

        Assert.Equal((byte)MqttReasonCode.UnsupportedProtocolVersion, connAck.Code);
    }

    [Fact]
    public void Decode_PublishWithRepeatedUserPropertiesAndSubscriptionIdentifiers_KeepsAllInOrder()
    {
        var publish = Assert.IsType<PublishPacket>(Decode("30 16 00 01 74 12 26 00 01 61 00 01 31 26 00 01 61 00 01 32 0B 05 0B 07"));

        Assert.Equal([new MqttUserProperty("a", "1"), new MqttUserProperty("a", "2")], publish.Properties!.UserProperties);
        Assert.Equal([5, 7], publish.Properties.SubscriptionIdentifiers);
    }

    [Theory]
    [InlineData("40 02 00 0A", MqttReasonCode.Success)]
    [InlineData("40 03 00 0A 10", MqttReasonCode.NoMatchingSubscribers)]
    [InlineData("40 04 00 0A 87 00", MqttReasonCode.NotAuthorized)]
    public void Decode_PubAckShortForms_ReadReasonCode(string hex, MqttReasonCode reason) =>
        Assert.Equal(reason, Assert.IsType<PubAckPacket>(Decode(hex)).ReasonCode);

    [Fact]
    public void Decode_DisconnectShortForms_ReadReasonCode()
    {
        Assert.Equal(MqttReasonCode.Success, Assert.IsType<DisconnectPacket>(Decode("E0 00")).ReasonCode);
        Assert.Equal(MqttReasonCode.ServerShuttingDown, Assert.IsType<DisconnectPacket>(Decode("E0 01 8B")).ReasonCode);
        var withReason = Assert.IsType<DisconnectPacket>(Decode("E0 06 8E 04 1F 00 01 78"));
        Assert.Equal("x", withReason.Properties!.ReasonString);
    }

    private static byte[] Encode(MqttPacket packet, MqttProtocolVersion version)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Assert.Equal(MqttPacketEncoder.Write(packet, buffer, version), buffer.WrittenCount);
        return buffer.WrittenSpan.ToArray();
    }

    private static MqttPacket Decode(string hex)
    {
        var sequence = new ReadOnlySequence<byte>(FromHex(hex));
        Assert.True(MqttPacketDecoder.TryDecode(ref sequence, int.MaxValue, V5, out var packet));
        Assert.True(sequence.IsEmpty);
        return packet;
    }
}
