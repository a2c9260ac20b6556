namespace Edge.Mqtt.Packets;

/// <summary>Property identifiers of MQTT 5 (section 2.2.2.2); all are one byte on the wire.</summary>
internal enum MqttPropertyId : byte
{
    PayloadFormatIndicator = 0x01,
    MessageExpiryInterval = 0x02,
    ContentType = 0x03,
    ResponseTopic = 0x08,
    CorrelationData = 0x09,
    SubscriptionIdentifier = 0x0B,
    SessionExpiryInterval = 0x11,
    AssignedClientIdentifier = 0x12,
    ServerKeepAlive = 0x13,
    AuthenticationMethod = 0x15,
    AuthenticationData = 0x16,
    RequestProblemInformation = 0x17,
    WillDelayInterval = 0x18,
    RequestResponseInformation = 0x19,
    ResponseInformation = 0x1A,
    ServerReference = 0x1C,
    ReasonString = 0x1F,
    ReceiveMaximum = 0x21,
    TopicAliasMaximum = 0x22,
    TopicAlias = 0x23,
    MaximumQos = 0x24,
    RetainAvailable = 0x25,
    UserProperty = 0x26,
    MaximumPacketSize = 0x27,
    WildcardSubscriptionAvailable = 0x28,
    SubscriptionIdentifierAvailable = 0x29,
    SharedSubscriptionAvailable = 0x2A,
}

/// <summary>Where a property block sits; each place allows its own set of properties (section 2.2.2.2, table 2-4).</summary>
internal enum MqttPropertyContext
{
    Connect,
    Will,
    ConnAck,
    Publish,

    /// <summary>PUBACK, PUBREC, PUBREL and PUBCOMP.</summary>
    PublishResponse,
    Subscribe,
    SubAck,
    Unsubscribe,
    UnsubAck,
    Disconnect,
    Auth,
}

/// <summary>
/// The MQTT 5 properties of one packet (or of a will): null where absent. One type for every packet keeps the codec
/// table-driven; which of them a packet may carry is checked by <see cref="MqttPropertyCodec"/>.
/// </summary>
internal sealed record MqttProperties
{
    public byte? PayloadFormatIndicator { get; init; }

    public uint? MessageExpiryInterval { get; init; }

    public string? ContentType { get; init; }

    public string? ResponseTopic { get; init; }

    public ReadOnlyMemory<byte>? CorrelationData { get; init; }

    /// <summary>PUBLISH (from the broker) may carry several; SUBSCRIBE at most one.</summary>
    public IReadOnlyList<int>? SubscriptionIdentifiers { get; init; }

    public uint? SessionExpiryInterval { get; init; }

    public string? AssignedClientIdentifier { get; init; }

    public ushort? ServerKeepAlive { get; init; }

    public string? AuthenticationMethod { get; init; }

    public ReadOnlyMemory<byte>? AuthenticationData { get; init; }

    public byte? RequestProblemInformation { get; init; }

    public uint? WillDelayInterval { get; init; }

    public byte? RequestResponseInformation { get; init; }

    public string? ResponseInformation { get; init; }

    public string? ServerReference { get; init; }

    public string? ReasonString { get; init; }

    public ushort? ReceiveMaximum { get; init; }

    public ushort? TopicAliasMaximum { get; init; }

    public ushort? TopicAlias { get; init; }

    public byte? MaximumQos { get; init; }

    public byte? RetainAvailable { get; init; }

    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }

    public uint? MaximumPacketSize { get; init; }

    public byte? WildcardSubscriptionAvailable { get; init; }

    public byte? SubscriptionIdentifierAvailable { get; init; }

    public byte? SharedSubscriptionAvailable { get; init; }

    /// <summary>The user properties, never null.</summary>
    public IReadOnlyList<MqttUserProperty> UserPropertiesOrEmpty => UserProperties ?? [];
}
