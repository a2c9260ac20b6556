using System.Text.Json;
using Edge.Gateway.Alarms;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Journal;
using Edge.Mqtt;
using Edge.Telemetry;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Status;

/// <summary>
/// The retained <c>gateway/{id}/status</c> payloads (CONTRACTS section 1): online with journal depth per lane, the
/// oldest pending age and the last uplink success; or offline (the will, and on a clean stop).
/// </summary>
internal sealed class GatewayStatusReporter(
    JournalDatabase journal,
    GatewayState state,
    GatewayConfigState config,
    AlarmEngineHost alarms,
    IOptions<GatewayOptions> gateway,
    TimeProvider timeProvider)
{
    private string Topic => DeviceTopics.GatewayStatus(gateway.Value.Id);

    public MqttApplicationMessage Current()
    {
        var stats = JournalStatistics.Read(journal);
        var now = timeProvider.GetUtcNow();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            gatewayId = gateway.Value.Id,
            online = true,
            ts = now,
            mqttConnected = state.MqttConnected,
            journal = new
            {
                pending = stats.Pending,
                pendingAlerts = stats.PendingAlerts,
                pendingGaps = stats.PendingGaps,
                pendingLive = stats.PendingLive,
                pendingReadings = stats.PendingReadings,
                oldestPendingAgeSeconds = stats.OldestPendingReceivedAt is { } oldest ? Math.Round((now - oldest).TotalSeconds, 1) : 0,
                deadLetters = stats.DeadLetters,
            },
            uplink = new { lastSuccess = state.LastUplinkSuccess, lastError = state.LastUplinkError },
            config = ConfigStatus.Describe(config.Current, alarms.Rules.Rules.Count),
        }, JsonSerializerOptions.Web);
        return new MqttApplicationMessage(Topic, payload, MqttQualityOfService.AtLeastOnce, Retain: true);
    }

    public MqttApplicationMessage Offline() => new(
        Topic,
        JsonSerializer.SerializeToUtf8Bytes(new { gatewayId = gateway.Value.Id, online = false }, JsonSerializerOptions.Web),
        MqttQualityOfService.AtLeastOnce,
        Retain: true);
}
