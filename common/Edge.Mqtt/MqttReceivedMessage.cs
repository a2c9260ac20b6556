namespace Edge.Mqtt;

/// <summary>
/// A message delivered by the broker. For QoS 1, the broker's copy is released only when the application calls
/// <see cref="AcknowledgeAsync"/>, which it does once it has made the message durable. Until then a lost connection
/// means the broker delivers it again (with <see cref="Duplicate"/> set) to a kept session.
/// </summary>
public sealed class MqttReceivedMessage
{
    private readonly Func<MqttReceivedMessage, CancellationToken, ValueTask>? _acknowledge;
    private int _acknowledged;

    internal MqttReceivedMessage(
        string topic,
        ReadOnlyMemory<byte> payload,
        MqttQualityOfService qos,
        bool retain,
        bool duplicate,
        ushort packetId,
        Func<MqttReceivedMessage, CancellationToken, ValueTask>? acknowledge,
        long sequence = -1)
    {
        Topic = topic;
        Payload = payload;
        Qos = qos;
        Retain = retain;
        Duplicate = duplicate;
        PacketId = packetId;
        _acknowledge = acknowledge;
        Sequence = sequence;
    }

    public string Topic { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    public MqttQualityOfService Qos { get; }

    public bool Retain { get; }

    /// <summary>The broker says it may have delivered this message before (DUP flag).</summary>
    public bool Duplicate { get; }

    internal ushort PacketId { get; }

    /// <summary>Arrival order among the connection's QoS 1 and 2 messages (for in-order acknowledgements); -1 for QoS 0.</summary>
    internal long Sequence { get; }

    /// <summary>
    /// Releases the message at the broker (PUBACK for QoS 1; nothing for QoS 0). Idempotent. Acknowledgements go out in
    /// the order the messages arrived, as MQTT requires, whatever order the application calls this in.
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
