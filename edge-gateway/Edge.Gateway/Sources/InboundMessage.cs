namespace Edge.Gateway.Sources;

/// <summary>
/// Raw input from any source, waiting for the journal. <see cref="AcknowledgeAsync"/> releases it at its source
/// (an MQTT PUBACK) and is called only after the journal has committed it.
/// </summary>
internal sealed record InboundMessage(
    string Source,
    string Topic,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset ReceivedAt,
    bool Redelivered,
    Func<CancellationToken, ValueTask> AcknowledgeAsync);
