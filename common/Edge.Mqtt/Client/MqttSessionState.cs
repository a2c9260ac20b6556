namespace Edge.Mqtt.Client;

/// <summary>
/// The client's side of an MQTT session (section 4.1): packet identifiers, outbound QoS 1/2 flows, inbound QoS 2
/// identifiers awaiting PUBREL, and the queue of received messages. An <see cref="MqttClient"/> made by the application
/// owns one for its single connection; a <see cref="ReconnectingMqttClient"/> keeps one across its connections.
/// </summary>
internal sealed class MqttSessionState
{
    public MqttSessionState(MqttClientOptions options, bool spansConnections)
    {
        SpansConnections = spansConnections;
        Identifiers = new PacketIdentifiers();
        Outgoing = new OutgoingFlows(options.MaxInflightPublishes, Identifiers);
        Messages = new ReceivedMessageQueue(options.MaxPendingMessages);
        Acknowledge = AcknowledgeAsync;
    }

    /// <summary>True when the state outlives one connection (flows stay pending, messages keep flowing).</summary>
    public bool SpansConnections { get; }

    public PacketIdentifiers Identifiers { get; }

    public OutgoingFlows Outgoing { get; }

    public InboundAcknowledgements Inbound { get; } = new();

    public ReceivedMessageQueue Messages { get; }

    /// <summary>The acknowledgement every received QoS 1/2 message calls: it goes to the session, not to a connection.</summary>
    public Func<MqttReceivedMessage, CancellationToken, ValueTask> Acknowledge { get; }

    private ValueTask AcknowledgeAsync(MqttReceivedMessage message, CancellationToken cancellationToken)
    {
        Inbound.Acknowledge(message.Sequence, message.Qos2Entry);
        return ValueTask.CompletedTask;
    }
}
