namespace Edge.Gateway.Sources;

/// <summary>
/// Raw input from any source, waiting for the journal. <see cref="AcknowledgeAsync"/> releases it at its source
/// (an MQTT PUBACK, a GSM reply) and is called only after the journal has committed it. <see cref="RejectedBecause"/>, when
/// set, means the source already knows the input is unusable (e.g. an SMS from an unknown sender): the journal keeps it
/// as a dead letter with that reason.
/// </summary>
internal sealed record InboundMessage(
    string Source,
    string Topic,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset ReceivedAt,
    bool Redelivered,
    Func<CancellationToken, ValueTask> AcknowledgeAsync,
    string? RejectedBecause = null);
