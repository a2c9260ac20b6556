namespace Edge.Mqtt.Packets;

/// <summary>One MQTT 3.1.1 control packet, decoded or about to be encoded.</summary>
internal abstract record MqttPacket
{
    public abstract MqttPacketType Type { get; }
}

/// <summary>The will carried by CONNECT (section 3.1.2.5).</summary>
internal sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, MqttQualityOfService Qos, bool Retain);

/// <summary>CONNECT (section 3.1): protocol name "MQTT", level 4.</summary>
internal sealed record ConnectPacket(
    string ClientId,
    ushort KeepAliveSeconds,
    bool CleanSession,
    string? Username = null,
    ReadOnlyMemory<byte>? Password = null,
    MqttWill? Will = null) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;
}

internal sealed record ConnAckPacket(bool SessionPresent, MqttConnectReturnCode ReturnCode) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;
}

/// <summary>PUBLISH (section 3.3). <see cref="PacketId"/> is 0 for QoS 0.</summary>
internal sealed record PublishPacket(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQualityOfService Qos,
    bool Retain,
    bool Duplicate,
    ushort PacketId) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;
}

internal sealed record PubAckPacket(ushort PacketId) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.PubAck;
}

internal sealed record PubRecPacket(ushort PacketId) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRec;
}

internal sealed record PubRelPacket(ushort PacketId) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRel;
}

internal sealed record PubCompPacket(ushort PacketId) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.PubComp;
}

internal sealed record SubscribePacket(ushort PacketId, IReadOnlyList<MqttTopicFilter> Filters) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;
}

/// <summary>SUBACK (section 3.9): one return code per filter, 0x00-0x02 granted QoS or 0x80 failure.</summary>
internal sealed record SubAckPacket(ushort PacketId, IReadOnlyList<byte> ReturnCodes) : MqttPacket
{
    public const byte Failure = 0x80;

    public override MqttPacketType Type => MqttPacketType.SubAck;
}

internal sealed record UnsubscribePacket(ushort PacketId, IReadOnlyList<string> Filters) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;
}

internal sealed record UnsubAckPacket(ushort PacketId) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;
}

internal sealed record PingReqPacket : MqttPacket
{
    public static readonly PingReqPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.PingReq;
}

internal sealed record PingRespPacket : MqttPacket
{
    public static readonly PingRespPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.PingResp;
}

internal sealed record DisconnectPacket : MqttPacket
{
    public static readonly DisconnectPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.Disconnect;
}
