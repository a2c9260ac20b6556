using Edge.Mqtt;

namespace Edge.Gateway.Sources;

/// <summary>Makes one MQTT connection; tests substitute it to put faults between the gateway and the broker.</summary>
internal interface IMqttClientFactory
{
    IMqttClient Create(MqttClientOptions options);
}

internal sealed class MqttClientFactory(ILoggerFactory loggerFactory, TimeProvider timeProvider) : IMqttClientFactory
{
    public IMqttClient Create(MqttClientOptions options) =>
        new MqttClient(options, loggerFactory.CreateLogger<MqttClient>(), timeProvider);
}
