using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt;

/// <summary>
/// A message delivered by the broker. For QoS 1 and 2, the broker's copy is released only when the application calls
/// <see cref="AcknowledgeAsync"/>, which it does once it has made the message durable. Until then a lost connection
/// means the broker delivers it again (with <see cref="Duplicate"/> set) to a kept session; a QoS 2 message is not
/// delivered twice by a <see cref="ReconnectingMqttClient"/>, whose session remembers it across connections.
/// The MQTT 5 properties are empty (null, or an empty list) on an MQTT 3.1.1 connection.
/// </summary>
public sealed class MqttReceivedMessage
{
    private readonly Func<MqttReceivedMessage, CancellationToken, ValueTask>? _acknowledge;
    private readonly MqttProperties? _properties;
    private int _acknowledged;

    internal MqttReceivedMessage(
        string topic,
        ReadOnlyMemory<byte> payload,
        MqttQualityOfService qos,
        bool retain,
        bool duplicate,
        ushort packetId,
        Func<MqttReceivedMessage, CancellationToken, ValueTask>? acknowledge,
        long sequence = -1,
        MqttProperties? properties = null,
        InboundQos2Entry? qos2Entry = null)
    {
        Topic = topic;
        Payload = payload;
        Qos = qos;
        Retain = retain;
        Duplicate = duplicate;
        PacketId = packetId;
        _acknowledge = acknowledge;
        Sequence = sequence;
        _properties = properties;
        Qos2Entry = qos2Entry;
    }

    public string Topic { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    public MqttQualityOfService Qos { get; }

    public bool Retain { get; }

    /// <summary>The broker says it may have delivered this message before (DUP flag).</summary>
    public bool Duplicate { get; }

    /// <summary>MQTT 5: whether the publisher declared the payload UTF-8 (this client checked it was).</summary>
    public MqttPayloadFormatIndicator PayloadFormatIndicator => (MqttPayloadFormatIndicator)(_properties?.PayloadFormatIndicator ?? 0);

    /// <summary>MQTT 5: the lifetime the message has left (the broker subtracts the time it waited).</summary>
    public TimeSpan? MessageExpiryInterval => _properties?.MessageExpiryInterval is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>MQTT 5: the content type the publisher set.</summary>
    public string? ContentType => _properties?.ContentType;

    /// <summary>MQTT 5: where the publisher wants a response published.</summary>
    public string? ResponseTopic => _properties?.ResponseTopic;

    /// <summary>MQTT 5: the publisher's correlation data, to send back with a response.</summary>
    public ReadOnlyMemory<byte>? CorrelationData => _properties?.CorrelationData;

    /// <summary>MQTT 5: the publisher's user properties, in order.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties => _properties?.UserProperties ?? [];

    /// <summary>MQTT 5: the identifiers of the subscriptions that matched (when subscribed with one).</summary>
    public IReadOnlyList<int> SubscriptionIdentifiers => _properties?.SubscriptionIdentifiers ?? [];

    internal ushort PacketId { get; }

    /// <summary>Arrival order among the connection's QoS 1 and 2 messages (for in-order acknowledgements); -1 for QoS 0.</summary>
    internal long Sequence { get; }

    /// <summary>For QoS 2: the session's memory of it, through which a later connection answers a resend.</summary>
    internal InboundQos2Entry? Qos2Entry { get; }

    /// <summary>
    /// Releases the message at the broker (PUBACK for QoS 1, PUBREC for QoS 2; nothing for QoS 0). Idempotent.
    /// Acknowledgements go out in the order the messages arrived, as MQTT requires, whatever order the application
    /// calls this in.
    /// </summary>
    public ValueTask AcknowledgeAsync(CancellationToken cancellationToken = default)
    {
        if (_acknowledge is null || Interlocked.Exchange(ref _acknowledged, 1) == 1)
        {
            return ValueTask.CompletedTask;
        }

        return _acknowledge(this, cancellationToken);
    }
}
