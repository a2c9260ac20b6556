using System.Diagnostics.Metrics;

namespace Edge.Mqtt.Client;

/// <summary>The library's instruments, on the meter named "Edge.Mqtt".</summary>
internal static class MqttMetrics
{
    public const string MeterName = "Edge.Mqtt";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> MessagesPublished = Meter.CreateCounter<long>(
        "edge.mqtt.messages.published", "{message}", "PUBLISH packets written to the broker");

    public static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>(
        "edge.mqtt.messages.received", "{message}", "PUBLISH packets received from the broker");

    public static readonly Counter<long> BytesSent = Meter.CreateCounter<long>(
        "edge.mqtt.bytes.sent", "By", "Bytes written to the broker connection");

    public static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>(
        "edge.mqtt.bytes.received", "By", "Bytes of complete packets read from the broker connection");

    public static readonly Counter<long> AcksSent = Meter.CreateCounter<long>(
        "edge.mqtt.acks.sent", "{ack}", "PUBACK and PUBREC packets sent for inbound QoS 1 and 2 messages the application acknowledged");

    public static readonly Counter<long> AcksReceived = Meter.CreateCounter<long>(
        "edge.mqtt.acks.received", "{ack}", "Final answers (PUBACK, PUBCOMP) received for outbound QoS 1 and 2 messages");

    public static readonly Counter<long> ConnectionLosses = Meter.CreateCounter<long>(
        "edge.mqtt.connection.losses", "{connection}", "Connections that ended without the application asking");

    public static readonly Counter<long> PublishesResent = Meter.CreateCounter<long>(
        "edge.mqtt.publishes.resent", "{message}", "Outbound QoS 1 and 2 PUBLISHes sent again (DUP) on a resumed session");

    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "edge.mqtt.reconnects", "{connection}", "Connections a ReconnectingMqttClient established after its first");

    public static readonly Counter<long> ProtocolViolations = Meter.CreateCounter<long>(
        "edge.mqtt.protocol.violations", "{violation}", "Connections closed because the broker broke the protocol");
}
