namespace Edge.Mqtt;

/// <summary>The protocol a connection speaks, chosen per connection (<see cref="MqttClientOptions.ProtocolVersion"/>).</summary>
public enum MqttProtocolVersion : byte
{
    /// <summary>MQTT 3.1.1 (protocol level 4).</summary>
    V311 = 4,

    /// <summary>MQTT 5.0 (protocol level 5): properties, reason codes, flow control.</summary>
    V500 = 5,
}
