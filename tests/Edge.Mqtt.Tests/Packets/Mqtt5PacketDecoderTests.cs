using System.Buffers;
using Edge.Mqtt.Packets;
using static Edge.Mqtt.Tests.Packets.PacketBytes;

namespace Edge.Mqtt.Tests.Packets;

/// <summary>
/// Hostile MQTT 5 input: every defect is an <see cref="MqttProtocolViolationException"/> naming the reason code the
/// client puts in its DISCONNECT (Malformed Packet, Protocol Error, Packet too large), never anything else.
/// </summary>
public sealed class Mqtt5PacketDecoderTests
{
    private const MqttReasonCode Malformed = MqttReasonCode.MalformedPacket;
    private const MqttReasonCode ProtocolError = MqttReasonCode.ProtocolError;

    [Theory]
    // A property repeated where the spec forbids it (section 2.2.2.2): Protocol Error.
    [InlineData("30 08 00 01 74 04 01 00 01 00", ProtocolError, "PayloadFormatIndicator more than once")]
    [InlineData("20 09 00 00 06 21 00 0A 21 00 0B", ProtocolError, "ReceiveMaximum more than once")]
    [InlineData("40 0C 00 01 00 08 1F 00 01 61 1F 00 01 62", ProtocolError, "ReasonString more than once")]
    [InlineData("82 0B 00 01 04 0B 01 0B 02 00 01 61 00", ProtocolError, "SubscriptionIdentifier more than once")]
    // A property out of place (not allowed in that packet): Malformed Packet.
    [InlineData("30 09 00 01 74 05 11 00 00 00 0A", Malformed, "SessionExpiryInterval, which is not allowed")]
    [InlineData("40 06 00 01 00 02 23 00", Malformed, "TopicAlias, which is not allowed")]
    [InlineData("20 05 00 00 02 01 01", Malformed, "PayloadFormatIndicator, which is not allowed")]
    [InlineData("E0 04 00 02 24 01", Malformed, "MaximumQos, which is not allowed")]
    [InlineData("30 07 00 01 74 02 04 00 00", Malformed, "unknown property identifier 0x04")]
    [InlineData("30 06 00 01 74 01 00 00", Malformed, "unknown property identifier 0x00")]
    // Bad property lengths.
    [InlineData("30 05 00 01 74 09 01", Malformed, "property length 9 exceeds")]
    [InlineData("30 08 00 01 74 03 02 00 00 00", Malformed, "MessageExpiryInterval is truncated")]
    [InlineData("30 08 00 01 74 03 03 00 05 61", Malformed, "ContentType is truncated")]
    [InlineData("30 08 00 01 74 FF FF FF FF 7F", Malformed, "malformed variable byte integer")]
    [InlineData("30 04 00 01 74 80", Malformed, "property length is truncated")]
    // Values out of range: Protocol Error.
    [InlineData("30 06 00 01 74 02 01 02", ProtocolError, "PayloadFormatIndicator has the value 2")]
    [InlineData("20 06 00 00 03 21 00 00", ProtocolError, "ReceiveMaximum is 0")]
    [InlineData("20 08 00 00 05 27 00 00 00 00", ProtocolError, "MaximumPacketSize is 0")]
    [InlineData("20 05 00 00 02 24 02", ProtocolError, "MaximumQos has the value 2")]
    [InlineData("30 06 00 01 74 02 0B 00", ProtocolError, "SubscriptionIdentifier is 0")]
    // Invalid UTF-8 in a string property, and in a user property.
    [InlineData("30 09 00 01 74 05 03 00 02 C3 28", Malformed, "not well-formed UTF-8")]
    [InlineData("30 0C 00 01 74 08 26 00 01 61 00 02 ED A0", Malformed, "UTF-8")]
    public void TryDecode_BadProperties_AreViolationsWithTheRightReason(string hex, MqttReasonCode reason, string message) =>
        AssertViolation(hex, reason, message);

    [Theory]
    [InlineData("40 03 00 01 04", ProtocolError, "PubAck with the reason code 0x04")]
    [InlineData("62 03 00 01 10", ProtocolError, "PubRel with the reason code 0x10")]
    [InlineData("E0 01 01", ProtocolError, "Disconnect with the reason code 0x01")]
    [InlineData("20 03 00 01 00", ProtocolError, "ConnAck with the reason code 0x01")]
    [InlineData("90 04 00 01 00 03", ProtocolError, "SubAck with the reason code 0x03")]
    [InlineData("B0 04 00 01 00 02", ProtocolError, "UnsubAck with the reason code 0x02")]
    [InlineData("F0 01 01", ProtocolError, "Auth with the reason code 0x01")]
    [InlineData("20 03 01 87 00", ProtocolError, "session present set")]
    public void TryDecode_ReasonCodeThePacketMayNotCarry_IsProtocolError(string hex, MqttReasonCode reason, string message) =>
        AssertViolation(hex, reason, message);

    [Theory]
    // Wrong remaining lengths and truncation.
    [InlineData("20 02 00 00", Malformed, "at least 3")]
    [InlineData("40 01 00", Malformed, "at least 2")]
    [InlineData("40 05 00 01 00 05 1F", Malformed, "property length 5 exceeds")]
    [InlineData("B0 03 00 01 00", ProtocolError, "without a reason code")]
    [InlineData("90 03 00 01 00", ProtocolError, "without a reason code")]
    [InlineData("32 05 00 01 74 00 01", Malformed, "property length is truncated")]
    // Forbidden flags, reserved bits, and what the fixed header already rules out.
    [InlineData("F1 00", Malformed, "Auth with fixed-header flags 0x1")]
    [InlineData("E2 00", Malformed, "Disconnect with fixed-header flags 0x2")]
    [InlineData("36 05 00 01 74 00 01", Malformed, "QoS 3")]
    [InlineData("82 07 00 01 00 00 01 61 C1", Malformed, "reserved bits")]
    [InlineData("82 07 00 01 00 00 01 61 03", Malformed, "QoS 3")]
    [InlineData("82 07 00 01 00 00 01 61 30", ProtocolError, "retain handling 3")]
    // Topic rules.
    [InlineData("30 03 00 00 00", ProtocolError, "empty topic name and no topic alias")]
    [InlineData("30 06 00 03 61 2F 2B 00", ProtocolError, "wildcard")]
    [InlineData("30 04 00 02 C3 28", Malformed, "UTF-8")]
    [InlineData("42 02 00 00", Malformed, "flags")]
    public void TryDecode_MalformedMqtt5Packets_AreViolations(string hex, MqttReasonCode reason, string message) =>
        AssertViolation(hex, reason, message);

    [Fact]
    public void TryDecode_Mqtt5PacketOverLimit_IsPacketTooLargeFromTheHeaderAlone()
    {
        var header = new ReadOnlySequence<byte>(FromHex("30 80 80 80 01"));

        var error = Assert.Throws<MqttProtocolViolationException>(() => MqttPacketDecoder.TryDecode(ref header, 1024, MqttProtocolVersion.V500, out _));

        Assert.Equal(MqttReasonCode.PacketTooLarge, error.ReasonCode);
    }

    [Fact]
    public void TryDecode_AuthOnMqtt311_IsUnknownPacketType()
    {
        var buffer = new ReadOnlySequence<byte>(FromHex("F0 00"));

        var error = Assert.Throws<MqttProtocolViolationException>(() => MqttPacketDecoder.TryDecode(ref buffer, 100, MqttProtocolVersion.V311, out _));

        Assert.Contains("unknown packet type 15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_PropertiesOnMqtt311_AreNotRead()
    {
        // The same bytes mean a QoS 0 PUBLISH with payload "00" on MQTT 3.1.1, and an empty property block on MQTT 5.
        var bytes = FromHex("30 04 00 01 74 00");
        var v311 = new ReadOnlySequence<byte>(bytes);
        var v500 = new ReadOnlySequence<byte>(bytes);

        Assert.True(MqttPacketDecoder.TryDecode(ref v311, 100, MqttProtocolVersion.V311, out var asV311));
        Assert.True(MqttPacketDecoder.TryDecode(ref v500, 100, MqttProtocolVersion.V500, out var asV500));

        Assert.Equal(1, ((PublishPacket)asV311).Payload.Length);
        Assert.Equal(0, ((PublishPacket)asV500).Payload.Length);
    }

    private static void AssertViolation(string hex, MqttReasonCode reason, string message)
    {
        var buffer = new ReadOnlySequence<byte>(FromHex(hex));

        var error = Assert.Throws<MqttProtocolViolationException>(() => MqttPacketDecoder.TryDecode(ref buffer, 1_000_000, MqttProtocolVersion.V500, out _));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(reason, error.ReasonCode);
    }
}
