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
        "edge.mqtt.acks.sent", "{ack}", "PUBACK packets sent for inbound QoS 1 messages the application acknowledged");

    public static readonly Counter<long> AcksReceived = Meter.CreateCounter<long>(
        "edge.mqtt.acks.received", "{ack}", "PUBACK packets received for outbound QoS 1 messages");

    public static readonly Counter<long> ConnectionLosses = Meter.CreateCounter<long>(
        "edge.mqtt.connection.losses", "{connection}", "Connections that ended without the application asking");
}
