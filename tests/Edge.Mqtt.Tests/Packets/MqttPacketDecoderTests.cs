using System.Buffers;
using Edge.Mqtt.Packets;
using static Edge.Mqtt.Tests.Packets.PacketBytes;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>Hostile and malformed input: each is a defined <see cref="MqttProtocolViolationException"/>, never anything else.</summary>
public sealed class MqttPacketDecoderTests
{
    [Theory]
    [InlineData("00 00", "unknown packet type 0")]
    [InlineData("F0 00", "unknown packet type 15")]
    [InlineData("41 02 00 01", "PubAck with fixed-header flags 0x1")]
    [InlineData("60 02 00 01", "PubRel with fixed-header flags 0x0")]
    [InlineData("80 06 00 01 00 01 61 00", "Subscribe with fixed-header flags 0x0")]
    [InlineData("A0 05 00 01 00 01 61", "Unsubscribe with fixed-header flags 0x0")]
    [InlineData("21 02 00 00", "ConnAck with fixed-header flags 0x1")]
    [InlineData("C8 00", "PingReq with fixed-header flags 0x8")]
    [InlineData("36 05 00 01 74 00 01", "PUBLISH with QoS 3")]
    [InlineData("38 03 00 01 74", "QoS 0 and the DUP flag")]
    public void TryDecode_ForbiddenTypeOrFlags_IsViolation(string hex, string reason) => AssertViolation(hex, reason);

    [Fact]
    public void TryDecode_FiveByteRemainingLength_IsViolationBeforeMoreBytesArrive()
    {
        AssertViolation("30 FF FF FF FF 01", "malformed remaining length");

        // Four continuation bytes are already decisive: no need to wait for a fifth.
        AssertViolation("30 80 80 80 80", "malformed remaining length");
    }

    [Fact]
    public void TryDecode_OversizedPacket_IsViolationFromTheHeaderAlone()
    {
        // Remaining length 2,097,152 announced; only the fixed header has arrived.
        var header = new ReadOnlySequence<byte>(FromHex("30 80 80 80 01"));

        var error = Assert.Throws<MqttProtocolViolationException>(() => MqttPacketDecoder.TryDecode(ref header, 1024 * 1024, out _));

        Assert.Contains("exceeds the limit of 1048576", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_PacketExactlyAtLimit_IsAccepted()
    {
        var bytes = Encode(new PublishPacket("t", new byte[100], MqttQualityOfService.AtMostOnce, false, false, 0));

        Assert.IsType<PublishPacket>(Decode(bytes, maxPacketBytes: bytes.Length));
        Assert.Throws<MqttProtocolViolationException>(() => Decode(bytes, maxPacketBytes: bytes.Length - 1));
    }

    [Theory]
    [InlineData("30 04 00 05 61 62", "truncated")]                          // topic length 5, 2 bytes in the packet
    [InlineData("32 04 00 01 74 00", "truncated")]                          // QoS 1 packet identifier cut short
    [InlineData("30 01 00", "truncated")]                                   // topic length itself cut short
    [InlineData("30 02 00 00", "empty topic")]
    [InlineData("30 05 00 03 61 2F 2B", "wildcard")]
    [InlineData("30 04 00 02 61 23", "wildcard")]
    [InlineData("32 05 00 01 74 00 00", "packet identifier 0")]
    [InlineData("30 04 00 02 C3 28", "UTF-8")]
    [InlineData("30 05 00 03 ED A0 80", "UTF-8")]
    [InlineData("30 05 00 03 61 00 62", "U+0000")]
    public void TryDecode_MalformedPublish_IsViolation(string hex, string reason) => AssertViolation(hex, reason);

    [Theory]
    [InlineData("40 03 00 01 00", "remaining length of 3")]
    [InlineData("40 01 00", "remaining length of 1")]
    [InlineData("40 02 00 00", "packet identifier 0")]
    [InlineData("B0 00", "remaining length of 0")]
    [InlineData("D0 01 00", "remaining length of 1")]
    [InlineData("E0 02 00 00", "remaining length of 2")]
    public void TryDecode_WrongFixedLength_IsViolation(string hex, string reason) => AssertViolation(hex, reason);

    [Theory]
    [InlineData("20 03 00 00 00", "remaining length of 3")]
    [InlineData("20 02 02 00", "reserved acknowledge flags")]
    [InlineData("20 02 00 06", "reserved return code 6")]
    [InlineData("20 02 00 FF", "reserved return code 255")]
    public void TryDecode_MalformedConnAck_IsViolation(string hex, string reason) => AssertViolation(hex, reason);

    [Theory]
    [InlineData("90 02 00 01", "without a return code")]
    [InlineData("90 03 00 01 03", "reserved return code 0x03")]
    [InlineData("90 03 00 01 81", "reserved return code 0x81")]
    [InlineData("82 02 00 01", "without a topic filter")]
    [InlineData("82 06 00 01 00 01 61 03", "requested QoS byte 0x03")]
    [InlineData("82 06 00 01 00 01 61 04", "requested QoS byte 0x04")]
    [InlineData("82 05 00 01 00 01 61", "truncated")]
    [InlineData("A2 02 00 01", "without a topic filter")]
    public void TryDecode_MalformedSubscriptionPackets_AreViolations(string hex, string reason) => AssertViolation(hex, reason);

    [Theory]
    [InlineData("10 0C 00 04 4D 51 54 58 04 02 00 00 00 00", "protocol \"MQTX\"")]
    [InlineData("10 0C 00 04 4D 51 54 54 06 02 00 00 00 00", "level 6")]
    [InlineData("10 0C 00 04 4D 51 54 54 04 03 00 00 00 00", "reserved flag")]
    [InlineData("10 0C 00 04 4D 51 54 54 04 42 00 00 00 00", "password but no user name")]
    [InlineData("10 0C 00 04 4D 51 54 54 04 1E 00 00 00 00", "inconsistent will flags")]
    [InlineData("10 0C 00 04 4D 51 54 54 04 0A 00 00 00 00", "inconsistent will flags")]
    [InlineData("10 0C 00 04 4D 51 54 54 04 22 00 00 00 00", "inconsistent will flags")]
    [InlineData("10 0A 00 04 4D 51 54 54 04 02 00 00", "truncated")]
    [InlineData("10 0C 00 04 4D 51 54 54 04 06 00 00 00 00", "truncated")]
    public void TryDecode_MalformedConnect_IsViolation(string hex, string reason) => AssertViolation(hex, reason);

    [Fact]
    public void TryDecode_EmptyBuffer_NeedsMoreData()
    {
        var empty = ReadOnlySequence<byte>.Empty;

        Assert.False(MqttPacketDecoder.TryDecode(ref empty, 100, out var packet));
        Assert.Null(packet);
    }

    [Fact]
    public void TryDecode_ViolationInSecondPacket_FirstIsStillDecoded()
    {
        var buffer = new ReadOnlySequence<byte>(FromHex("D0 00 F0 00"));

        Assert.True(MqttPacketDecoder.TryDecode(ref buffer, 100, out var first));
        Assert.IsType<PingRespPacket>(first);
        Assert.Throws<MqttProtocolViolationException>(() => MqttPacketDecoder.TryDecode(ref buffer, 100, out _));
    }

    [Fact]
    public void TryDecode_LongStringAcrossSegments_IsDecoded()
    {
        // A topic longer than the decoder's stack buffer, split across segments, goes through its pooled copy.
        var topic = new string('t', 1000) + "/ü";
        var bytes = Encode(new PublishPacket(topic, "x"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, false, 0));

        var packet = Assert.IsType<PublishPacket>(Decode(Segmented(bytes, 10, 300, 300)));

        Assert.Equal(topic, packet.Topic);
    }

    private static void AssertViolation(string hex, string reason)
    {
        var buffer = new ReadOnlySequence<byte>(FromHex(hex));

        var error = Assert.Throws<MqttProtocolViolationException>(() => MqttPacketDecoder.TryDecode(ref buffer, 1_000_000, out _));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
