namespace Edge.Mqtt.Packets;

/// <summary>
/// One control packet, decoded or about to be encoded. The positional members are what both protocol versions carry;
/// the init-only ones (properties, reason codes) exist only in MQTT 5 and are neither written nor read on MQTT 3.1.1.
/// </summary>
internal abstract record MqttPacket
{
    public abstract MqttPacketType Type { get; }
}

/// <summary>The will carried by CONNECT (section 3.1.2.5); MQTT 5 adds will properties.</summary>
internal sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, MqttQualityOfService Qos, bool Retain)
{
    public MqttProperties? Properties { get; init; }
}

/// <summary>CONNECT (section 3.1): protocol name "MQTT", level 4 or 5 (<see cref="ProtocolVersion"/>).</summary>
internal sealed record ConnectPacket(
    string ClientId,
    ushort KeepAliveSeconds,
    bool CleanSession,
    string? Username = null,
    ReadOnlyMemory<byte>? Password = null,
    MqttWill? Will = null) : MqttPacket
{
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V311;

    public MqttProperties? Properties { get; init; }

    public override MqttPacketType Type => MqttPacketType.Connect;
}

/// <summary>CONNACK: <see cref="Code"/> is an MQTT 3.1.1 return code or an MQTT 5 reason code, by the connection's version.</summary>
internal sealed record ConnAckPacket(bool SessionPresent, byte Code) : MqttPacket
{
    public ConnAckPacket(bool sessionPresent, MqttConnectReturnCode returnCode)
        : this(sessionPresent, (byte)returnCode)
    {
    }

    public ConnAckPacket(bool sessionPresent, MqttReasonCode reasonCode)
        : this(sessionPresent, (byte)reasonCode)
    {
    }

    public MqttProperties? Properties { get; init; }

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
    public MqttProperties? Properties { get; init; }

    public override MqttPacketType Type => MqttPacketType.Publish;
}

/// <summary>PUBACK, PUBREC, PUBREL, PUBCOMP: a packet identifier, and on MQTT 5 a reason code and properties.</summary>
internal abstract record PublishResponsePacket(ushort PacketId) : MqttPacket
{
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }
}

internal sealed record PubAckPacket(ushort PacketId) : PublishResponsePacket(PacketId)
{
    public override MqttPacketType Type => MqttPacketType.PubAck;
}

internal sealed record PubRecPacket(ushort PacketId) : PublishResponsePacket(PacketId)
{
    public override MqttPacketType Type => MqttPacketType.PubRec;
}

internal sealed record PubRelPacket(ushort PacketId) : PublishResponsePacket(PacketId)
{
    public override MqttPacketType Type => MqttPacketType.PubRel;
}

internal sealed record PubCompPacket(ushort PacketId) : PublishResponsePacket(PacketId)
{
    public override MqttPacketType Type => MqttPacketType.PubComp;
}

/// <summary>SUBSCRIBE: filters with their options (MQTT 5: no-local, retain-as-published, retain handling).</summary>
internal sealed record SubscribePacket(ushort PacketId, IReadOnlyList<MqttTopicFilter> Filters) : MqttPacket
{
    public MqttProperties? Properties { get; init; }

    public override MqttPacketType Type => MqttPacketType.Subscribe;
}

/// <summary>SUBACK (section 3.9): one code per filter: MQTT 3.1.1 granted QoS or 0x80, MQTT 5 a reason code.</summary>
internal sealed record SubAckPacket(ushort PacketId, IReadOnlyList<byte> ReturnCodes) : MqttPacket
{
    public const byte Failure = 0x80;

    public MqttProperties? Properties { get; init; }

    public override MqttPacketType Type => MqttPacketType.SubAck;
}

internal sealed record UnsubscribePacket(ushort PacketId, IReadOnlyList<string> Filters) : MqttPacket
{
    public MqttProperties? Properties { get; init; }

    public override MqttPacketType Type => MqttPacketType.Unsubscribe;
}

/// <summary>UNSUBACK: MQTT 5 adds one reason code per filter (<see cref="ReasonCodes"/>, null on MQTT 3.1.1).</summary>
internal sealed record UnsubAckPacket(ushort PacketId) : MqttPacket
{
    public IReadOnlyList<byte>? ReasonCodes { get; init; }

    public MqttProperties? Properties { get; init; }

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

/// <summary>DISCONNECT: MQTT 5 adds a reason code and properties, and lets the server send it too.</summary>
internal sealed record DisconnectPacket : MqttPacket
{
    public static readonly DisconnectPacket Instance = new();

    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }

    public override MqttPacketType Type => MqttPacketType.Disconnect;
}

/// <summary>AUTH (MQTT 5 only, section 3.15): extended authentication exchanges.</summary>
internal sealed record AuthPacket : MqttPacket
{
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }

    public override MqttPacketType Type => MqttPacketType.Auth;
}
