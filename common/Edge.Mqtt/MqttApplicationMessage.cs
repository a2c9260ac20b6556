namespace Edge.Mqtt;

/// <summary>Quality of service of a publish or a subscription.</summary>
public enum MqttQualityOfService : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}

/// <summary>A message to publish.</summary>
public sealed record MqttApplicationMessage(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQualityOfService Qos = MqttQualityOfService.AtMostOnce,
    bool Retain = false);

/// <summary>A subscription request: a topic filter and the highest QoS wanted for it.</summary>
public sealed record MqttTopicFilter(string Filter, MqttQualityOfService MaximumQos = MqttQualityOfService.AtLeastOnce);

/// <summary>The broker's answer to CONNECT.</summary>
public sealed record MqttConnectResult(bool SessionPresent);

/// <summary>The broker's answer to one filter of a SUBSCRIBE: the QoS granted, or a refusal.</summary>
public readonly record struct MqttSubscribeResult(MqttQualityOfService? GrantedQos)
{
    public bool Succeeded => GrantedQos is not null;
}
