using System.Text.Json;
using Edge.Gateway.Status;
using Edge.Gateway.Uplink;
using Edge.Mqtt;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Alarms;

/// <summary>Publishes a journaled alert on <c>gateway/{id}/alerts</c> (QoS 1) for sirens and displays, with its journal id.</summary>
internal sealed class AlertPublisher(LocalBrokerPublisher broker, IOptions<GatewayOptions> gateway)
{
    public void Publish(long seq, Alert alert)
    {
        var gatewayId = gateway.Value.Id;
        var withId = alert with { Id = JournalBatchMapper.Id(gatewayId, seq), GatewayId = gatewayId };
        broker.Enqueue(new MqttApplicationMessage(
            DeviceTopics.GatewayAlerts(gatewayId),
            JsonSerializer.SerializeToUtf8Bytes(withId, TelemetryJson.Default.Alert),
            MqttQualityOfService.AtLeastOnce));
    }
}
