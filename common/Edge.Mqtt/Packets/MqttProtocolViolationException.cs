namespace Edge.Mqtt.Packets;

/// <summary>
/// The bytes on the wire break MQTT 3.1.1: malformed lengths, forbidden flags, ill-formed UTF-8, a packet type the
/// peer must not send, an oversized packet. The codec's only error; the client closes the connection on it.
/// </summary>
internal sealed class MqttProtocolViolationException : MqttException
{
    public MqttProtocolViolationException(string message)
        : base(message)
    {
    }
}
