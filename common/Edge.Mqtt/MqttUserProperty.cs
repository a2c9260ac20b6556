namespace Edge.Mqtt;

/// <summary>An MQTT 5 user property: a name and a value, both UTF-8 strings. A packet may carry the same name more than once.</summary>
public readonly record struct MqttUserProperty(string Name, string Value);
