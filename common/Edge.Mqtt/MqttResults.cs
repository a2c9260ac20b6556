namespace Edge.Mqtt;

/// <summary>
/// The broker's answer to CONNECT. On MQTT 3.1.1 only <see cref="SessionPresent"/> carries information; the other
/// properties then hold the protocol's defaults. On MQTT 5 they hold what the broker announced in CONNACK.
/// </summary>
public sealed record MqttConnectResult(bool SessionPresent)
{
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V311;

    public MqttReasonCode ReasonCode { get; init; } = MqttReasonCode.Success;

    /// <summary>MQTT 5: the client identifier the broker assigned (when the client sent an empty one).</summary>
    public string? AssignedClientIdentifier { get; init; }

    /// <summary>MQTT 5: the session expiry interval the broker imposed instead of the one asked for, if it did.</summary>
    public TimeSpan? SessionExpiryInterval { get; init; }

    /// <summary>MQTT 5: the most QoS 1 and 2 publishes the broker accepts unacknowledged (the client's send window).</summary>
    public int ReceiveMaximum { get; init; } = ushort.MaxValue;

    public MqttQualityOfService MaximumQos { get; init; } = MqttQualityOfService.ExactlyOnce;

    public bool RetainAvailable { get; init; } = true;

    /// <summary>MQTT 5: the largest packet the broker accepts; null when it set no limit.</summary>
    public long? MaximumPacketSize { get; init; }

    /// <summary>MQTT 5: the most topic aliases the broker accepts from the client.</summary>
    public int TopicAliasMaximum { get; init; }

    /// <summary>MQTT 5: the keep-alive the broker imposed instead of the one asked for (the client then uses it).</summary>
    public TimeSpan? ServerKeepAlive { get; init; }

    public string? ResponseInformation { get; init; }

    public string? ServerReference { get; init; }

    public string? ReasonString { get; init; }

    public bool WildcardSubscriptionAvailable { get; init; } = true;

    public bool SubscriptionIdentifiersAvailable { get; init; } = true;

    public bool SharedSubscriptionAvailable { get; init; } = true;

    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>
/// The outcome of a publish: for QoS 1 the PUBACK's reason, for QoS 2 the PUBREC's when it refused and otherwise the
/// PUBCOMP's, for QoS 0 <see cref="MqttReasonCode.Success"/> once queued. A message this client could not send on the
/// connection (larger than the broker's maximum packet size, a QoS or retain the broker does not offer) is reported
/// here too, with <see cref="MqttReasonCode.PacketTooLarge"/>, <see cref="MqttReasonCode.QosNotSupported"/> or
/// <see cref="MqttReasonCode.RetainNotSupported"/>, and was not sent.
/// </summary>
public sealed record MqttPublishResult(MqttReasonCode ReasonCode)
{
    internal static readonly MqttPublishResult Succeeded = new(MqttReasonCode.Success);

    /// <summary>True for reason codes below 0x80 (including 0x10, no matching subscribers).</summary>
    public bool IsSuccess => ReasonCode < MqttReasonCode.UnspecifiedError;

    public string? ReasonString { get; init; }

    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>The broker's answer to one filter of a SUBSCRIBE: the QoS granted, or a refusal.</summary>
public readonly record struct MqttSubscribeResult(MqttQualityOfService? GrantedQos)
{
    private readonly MqttReasonCode? _reasonCode;

    /// <summary>A result from a SUBACK reason code (0x00-0x02 grant that QoS; 0x80 and above refuse).</summary>
    public MqttSubscribeResult(MqttReasonCode reasonCode)
        : this(reasonCode < MqttReasonCode.UnspecifiedError ? (MqttQualityOfService)reasonCode : null)
    {
        _reasonCode = reasonCode;
    }

    public bool Succeeded => GrantedQos is not null;

    /// <summary>The SUBACK reason code (MQTT 3.1.1's failure 0x80 reads as <see cref="MqttReasonCode.UnspecifiedError"/>).</summary>
    public MqttReasonCode ReasonCode
    {
        get => _reasonCode ?? (GrantedQos is { } qos ? (MqttReasonCode)qos : MqttReasonCode.UnspecifiedError);
        init => _reasonCode = value;
    }

    /// <summary>MQTT 5: the SUBACK's reason string (the same for every filter of the packet).</summary>
    public string? ReasonString { get; init; }
}

/// <summary>The broker's answer to one filter of an UNSUBSCRIBE (MQTT 3.1.1: always <see cref="MqttReasonCode.Success"/>).</summary>
public readonly record struct MqttUnsubscribeResult(MqttReasonCode ReasonCode)
{
    public bool Succeeded => ReasonCode < MqttReasonCode.UnspecifiedError;

    /// <summary>MQTT 5: the UNSUBACK's reason string (the same for every filter of the packet).</summary>
    public string? ReasonString { get; init; }
}
