using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Client;

internal enum OutgoingFlowState
{
    AwaitingPubAck,
    AwaitingPubRec,
    AwaitingPubComp,
}

/// <summary>One outbound QoS 1 or 2 publish from admission to its final answer; completes with the broker's result.</summary>
internal sealed class OutgoingFlow(PublishPacket packet)
    : TaskCompletionSource<MqttPublishResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public PublishPacket Packet { get; } = packet;

    public ushort PacketId => Packet.PacketId;

    public OutgoingFlowState State { get; set; } = packet.Qos == MqttQualityOfService.AtLeastOnce
        ? OutgoingFlowState.AwaitingPubAck
        : OutgoingFlowState.AwaitingPubRec;

    /// <summary>Written on some connection of this session: a resend carries the DUP flag.</summary>
    public bool Sent { get; set; }

    /// <summary>Written on the current connection and not yet answered: it counts against the send window.</summary>
    public bool InWindow { get; set; }

    public LinkedListNode<OutgoingFlow>? Node { get; set; }

    public LinkedListNode<OutgoingFlow>? UnsentNode { get; set; }
}

/// <summary>What the current connection allows (MQTT 5 CONNACK; MQTT 3.1.1 sets no limits).</summary>
internal readonly record struct SendLimits(int Window, long MaximumPacketSize, MqttQualityOfService MaximumQos, bool RetainAvailable, MqttProtocolVersion Version);
