namespace Edge.Mqtt.Packets;

/// <summary>
/// The bytes on the wire break the protocol: malformed lengths, forbidden flags, ill-formed UTF-8, a property out of
/// place or repeated, a packet type the peer must not send, an oversized packet. The codec's only error; the client
/// closes the connection on it (on MQTT 5 after a DISCONNECT carrying <see cref="ReasonCode"/>).
/// </summary>
internal sealed class MqttProtocolViolationException : MqttException
{
    public MqttProtocolViolationException(string message, MqttReasonCode reasonCode = MqttReasonCode.MalformedPacket)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    /// <summary>The MQTT 5 reason code that names the violation: Malformed Packet unless a more specific one applies.</summary>
    public MqttReasonCode ReasonCode { get; }

    public static MqttProtocolViolationException ProtocolError(string message) => new(message, MqttReasonCode.ProtocolError);
}
