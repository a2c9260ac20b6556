using Edge.Mqtt;

namespace Edge.FirmwareSim.Publishing;

/// <summary>Creates one MQTT connection: the real <see cref="MqttClient"/> in the program, an in-memory fake in tests.</summary>
internal delegate IMqttClient MqttClientFactory(MqttClientOptions options);
