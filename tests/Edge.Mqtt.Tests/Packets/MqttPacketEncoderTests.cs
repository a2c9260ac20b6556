using System.Text;
using Edge.Mqtt.Packets;
using static Edge.Mqtt.Tests.Packets.PacketBytes;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>Byte-exact encodings, worked from the examples and rules of the MQTT 3.1.1 specification.</summary>
public sealed class MqttPacketEncoderTests
{
    [Fact]
    public void Write_ConnectOfSpecExample_HasFigure311VariableHeader()
    {
        // Section 3.1.2.10, figure 3.11: protocol name "MQTT", level 4, flags 0xCE (user name, password, will QoS 1,
        // will flag, clean session), keep alive 10 seconds.
        var connect = new ConnectPacket("c", 10, CleanSession: true, "u", "p"u8.ToArray(),
            new MqttWill("w", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: false));

        var bytes = Encode(connect);

        Assert.Equal("00 04 4D 51 54 54 04 CE 00 0A", ToHex(bytes.AsSpan(2, 10)));
    }

    [Fact]
    public void Write_MinimalConnect_IsExact()
    {
        var bytes = Encode(new ConnectPacket("a", 60, CleanSession: true));

        Assert.Equal("10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 61", ToHex(bytes));
    }

    [Fact]
    public void Write_ConnectWithEverything_PutsPayloadFieldsInSpecOrder()
    {
        // Payload order (section 3.1.3): client id, will topic, will message, user name, password.
        var connect = new ConnectPacket("id", 0, CleanSession: false, "us", "pw"u8.ToArray(),
            new MqttWill("wt", "wm"u8.ToArray(), MqttQualityOfService.ExactlyOnce, Retain: true));

        var bytes = Encode(connect);

        // Flags: user 0x80 | password 0x40 | will retain 0x20 | will QoS 2 0x10 | will 0x04 = 0xF4.
        Assert.Equal(
            "10 1E 00 04 4D 51 54 54 04 F4 00 00 00 02 69 64 00 02 77 74 00 02 77 6D 00 02 75 73 00 02 70 77",
            ToHex(bytes));
    }

    [Fact]
    public void Write_ConnectWithEmptyClientId_EncodesZeroLengthString()
    {
        Assert.Equal("10 0C 00 04 4D 51 54 54 04 02 00 1E 00 00", ToHex(Encode(new ConnectPacket(string.Empty, 30, CleanSession: true))));
    }

    [Theory]
    [InlineData(false, MqttConnectReturnCode.Accepted, "20 02 00 00")]
    [InlineData(true, MqttConnectReturnCode.Accepted, "20 02 01 00")]
    [InlineData(false, MqttConnectReturnCode.BadUsernameOrPassword, "20 02 00 04")]
    public void Write_ConnAck_IsExact(bool sessionPresent, MqttConnectReturnCode code, string hex) =>
        Assert.Equal(hex, ToHex(Encode(new ConnAckPacket(sessionPresent, code))));

    [Fact]
    public void Write_PublishOfSpecExample_HasFigure311VariableHeader()
    {
        // Section 3.3.2.3, figure 3.11: topic "a/b", packet identifier 10.
        var bytes = Encode(new PublishPacket("a/b", "hi"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: false, Duplicate: false, 10));

        Assert.Equal("32 09 00 03 61 2F 62 00 0A 68 69", ToHex(bytes));
    }

    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce, false, false, "30")]
    [InlineData(MqttQualityOfService.AtMostOnce, true, false, "31")]
    [InlineData(MqttQualityOfService.AtLeastOnce, false, false, "32")]
    [InlineData(MqttQualityOfService.AtLeastOnce, true, true, "3B")]
    [InlineData(MqttQualityOfService.ExactlyOnce, false, true, "3C")]
    public void Write_PublishFlags_AreInFirstByte(MqttQualityOfService qos, bool retain, bool duplicate, string firstByte)
    {
        var bytes = Encode(new PublishPacket("t", ReadOnlyMemory<byte>.Empty, qos, retain, duplicate, qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : (ushort)1));

        Assert.Equal(firstByte, ToHex(bytes.AsSpan(0, 1)));
    }

    [Fact]
    public void Write_QoS0Publish_HasNoPacketIdentifier()
    {
        Assert.Equal("30 05 00 01 74 6F 6B", ToHex(Encode(new PublishPacket("t", "ok"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, false, 0))));
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7F")]
    [InlineData(128, "80 01")]
    [InlineData(16_383, "FF 7F")]
    [InlineData(16_384, "80 80 01")]
    [InlineData(2_097_151, "FF FF 7F")]
    [InlineData(2_097_152, "80 80 80 01")]
    public void Write_PublishWithRemainingLengthAtBoundary_EncodesLengthInSpecBytes(int remainingLength, string lengthHex)
    {
        if (remainingLength == 0)
        {
            // The smallest PUBLISH has a 1-character topic (remaining length 3); 0 is a PINGREQ.
            Assert.Equal("C0 00", ToHex(Encode(PingReqPacket.Instance)));
            return;
        }

        // Topic "t" takes 3 bytes of the remaining length, the payload the rest.
        var payloadLength = remainingLength - 3;
        if (payloadLength < 0)
        {
            return;
        }

        var bytes = Encode(new PublishPacket("t", new byte[payloadLength], MqttQualityOfService.AtMostOnce, false, false, 0));

        var lengthBytes = FromHex(lengthHex);
        Assert.Equal(lengthHex, ToHex(bytes.AsSpan(1, lengthBytes.Length)));
        Assert.Equal(1 + lengthBytes.Length + remainingLength, bytes.Length);
    }

    [Theory]
    [InlineData(0x40, "40 02 00 0A")]
    [InlineData(0x50, "50 02 00 0A")]
    [InlineData(0x62, "62 02 00 0A")]
    [InlineData(0x70, "70 02 00 0A")]
    [InlineData(0xB0, "B0 02 00 0A")]
    public void Write_AcknowledgementPackets_AreExact(int firstByte, string hex)
    {
        MqttPacket packet = firstByte switch
        {
            0x40 => new PubAckPacket(10),
            0x50 => new PubRecPacket(10),
            0x62 => new PubRelPacket(10),
            0x70 => new PubCompPacket(10),
            _ => new UnsubAckPacket(10),
        };

        Assert.Equal(hex, ToHex(Encode(packet)));
    }

    [Fact]
    public void Write_SubscribeOfSpecExample_IsExact()
    {
        // Section 3.8.3.1, figure 3.22: "a/b" at QoS 1 and "c/d" at QoS 2; packet identifier 10.
        var subscribe = new SubscribePacket(10, [new MqttTopicFilter("a/b", MqttQualityOfService.AtLeastOnce), new MqttTopicFilter("c/d", MqttQualityOfService.ExactlyOnce)]);

        Assert.Equal("82 0E 00 0A 00 03 61 2F 62 01 00 03 63 2F 64 02", ToHex(Encode(subscribe)));
    }

    [Fact]
    public void Write_SubAckOfSpecExample_IsExact()
    {
        // Section 3.9.3, figure 3.26: granted QoS 0, 1, 2 and failure.
        Assert.Equal("90 06 00 0A 00 01 02 80", ToHex(Encode(new SubAckPacket(10, [0x00, 0x01, 0x02, 0x80]))));
    }

    [Fact]
    public void Write_UnsubscribeOfSpecExample_IsExact()
    {
        // Section 3.10.3.1, figure 3.30: "a/b" and "c/d".
        Assert.Equal("A2 0C 00 0A 00 03 61 2F 62 00 03 63 2F 64", ToHex(Encode(new UnsubscribePacket(10, ["a/b", "c/d"]))));
    }

    [Fact]
    public void Write_EmptyPackets_AreTwoBytes()
    {
        Assert.Equal("C0 00", ToHex(Encode(PingReqPacket.Instance)));
        Assert.Equal("D0 00", ToHex(Encode(PingRespPacket.Instance)));
        Assert.Equal("E0 00", ToHex(Encode(DisconnectPacket.Instance)));
    }

    [Fact]
    public void Write_MultiByteUtf8Topic_CountsBytesNotChars()
    {
        // "ü" is 2 bytes and "𝄞" (U+1D11E, a surrogate pair) 4 bytes in UTF-8.
        var bytes = Encode(new PublishPacket("ü/𝄞", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, false, false, 0));

        Assert.Equal("30 09 00 07 C3 BC 2F F0 9D 84 9E", ToHex(bytes));
    }

    [Fact]
    public void Write_TopicLongerThan65535Bytes_Throws()
    {
        var topic = new string('a', ushort.MaxValue + 1);

        Assert.Throws<ArgumentException>(() => Encode(new PublishPacket(topic, ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, false, false, 0)));
    }

    [Fact]
    public void Write_Topic65535Bytes_IsAccepted()
    {
        var topic = new string('a', ushort.MaxValue);

        var bytes = Encode(new PublishPacket(topic, ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, false, false, 0));

        Assert.Equal("FF FF", ToHex(bytes.AsSpan(4, 2)));
    }

    [Fact]
    public void GetPublishSize_PayloadBeyondRemainingLengthLimit_IsMinusOne()
    {
        Assert.Equal(-1, MqttPacketEncoder.GetPublishSize("t", RemainingLength.Max, MqttQualityOfService.AtMostOnce));
        Assert.Equal(1 + 4 + RemainingLength.Max, MqttPacketEncoder.GetPublishSize("t", RemainingLength.Max - 3, MqttQualityOfService.AtMostOnce));
    }

    [Fact]
    public void Write_LargePayload_IsCopiedWhole()
    {
        var payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789", 100_000)));

        var bytes = Encode(new PublishPacket("big", payload, MqttQualityOfService.AtMostOnce, false, false, 0));

        Assert.True(bytes.AsSpan(bytes.Length - payload.Length).SequenceEqual(payload));
    }
}
