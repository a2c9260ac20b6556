namespace Edge.Mqtt.Packets;

/// <summary>Which MQTT 5 reason codes each packet may carry (sections 3.2.2.2, 3.4.2.1 to 3.15.2.1).</summary>
internal static class MqttReasonCodes
{
    private static readonly HashSet<byte> ConnAck = [0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F];
    private static readonly HashSet<byte> PubAckOrPubRec = [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99];
    private static readonly HashSet<byte> PubRelOrPubComp = [0x00, 0x92];
    private static readonly HashSet<byte> SubAck = [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2];
    private static readonly HashSet<byte> UnsubAck = [0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91];
    private static readonly HashSet<byte> Disconnect = [0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2];
    private static readonly HashSet<byte> Auth = [0x00, 0x18, 0x19];

    public static bool IsValid(MqttPacketType type, byte code) => type switch
    {
        MqttPacketType.ConnAck => ConnAck.Contains(code),
        MqttPacketType.PubAck or MqttPacketType.PubRec => PubAckOrPubRec.Contains(code),
        MqttPacketType.PubRel or MqttPacketType.PubComp => PubRelOrPubComp.Contains(code),
        MqttPacketType.SubAck => SubAck.Contains(code),
        MqttPacketType.UnsubAck => UnsubAck.Contains(code),
        MqttPacketType.Disconnect => Disconnect.Contains(code),
        MqttPacketType.Auth => Auth.Contains(code),
        _ => false,
    };

    /// <summary>The reason code, or a Protocol Error when <paramref name="type"/> may not carry it.</summary>
    public static MqttReasonCode Check(MqttPacketType type, byte code) => IsValid(type, code)
        ? (MqttReasonCode)code
        : throw MqttProtocolViolationException.ProtocolError($"{type} with the reason code 0x{code:X2}, which it may not carry");
}
