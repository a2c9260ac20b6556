namespace Edge.Mqtt;

/// <summary>Quality of service of a publish or a subscription.</summary>
public enum MqttQualityOfService : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}

/// <summary>MQTT 5 payload format indicator: whether the payload is declared to be UTF-8 text.</summary>
public enum MqttPayloadFormatIndicator : byte
{
    /// <summary>Unspecified bytes (the default; also what MQTT 3.1.1 always means).</summary>
    Unspecified = 0,

    /// <summary>UTF-8 text: this client checks it before sending, and refuses (reason 0x99) one received that is not.</summary>
    Utf8 = 1,
}

/// <summary>
/// A message to publish (and the will). The positional part is all MQTT 3.1.1 has; the init-only properties are MQTT 5
/// properties, sent on an MQTT 5 connection and ignored on an MQTT 3.1.1 one.
/// </summary>
public sealed record MqttApplicationMessage(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQualityOfService Qos = MqttQualityOfService.AtMostOnce,
    bool Retain = false)
{
    /// <summary>MQTT 5: declares the payload UTF-8 (validated before sending).</summary>
    public MqttPayloadFormatIndicator PayloadFormatIndicator { get; init; }

    /// <summary>MQTT 5: the broker discards the message if not delivered within this time (whole seconds, rounded up).</summary>
    public TimeSpan? MessageExpiryInterval { get; init; }

    /// <summary>MQTT 5: a MIME type or any UTF-8 description of the payload.</summary>
    public string? ContentType { get; init; }

    /// <summary>MQTT 5: the topic a responder should publish its answer to (request/response).</summary>
    public string? ResponseTopic { get; init; }

    /// <summary>MQTT 5: binary data a requester uses to match a response to its request.</summary>
    public ReadOnlyMemory<byte>? CorrelationData { get; init; }

    /// <summary>MQTT 5: name/value pairs passed through to subscribers unchanged and in order.</summary>
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}

/// <summary>MQTT 5 retain handling of a subscription (section 3.8.3.1): when the broker sends retained messages.</summary>
public enum MqttRetainHandling : byte
{
    /// <summary>Send retained messages at every subscribe (MQTT 3.1.1 behaviour).</summary>
    SendAtSubscribe = 0,

    /// <summary>Send them only if the subscription did not exist yet.</summary>
    SendAtSubscribeIfNew = 1,

    /// <summary>Never send retained messages for this subscribe.</summary>
    DoNotSend = 2,
}

/// <summary>
/// A subscription request: a topic filter (or a shared subscription, <c>$share/{group}/{filter}</c>) and the highest QoS
/// wanted for it. The init-only subscription options are MQTT 5 only.
/// </summary>
public sealed record MqttTopicFilter(string Filter, MqttQualityOfService MaximumQos = MqttQualityOfService.AtLeastOnce)
{
    /// <summary>MQTT 5: do not send this client its own publications (not allowed on a shared subscription).</summary>
    public bool NoLocal { get; init; }

    /// <summary>MQTT 5: keep the RETAIN flag as published instead of clearing it on forwarded messages.</summary>
    public bool RetainAsPublished { get; init; }

    /// <summary>MQTT 5: when retained messages are sent for this subscription.</summary>
    public MqttRetainHandling RetainHandling { get; init; }
}
