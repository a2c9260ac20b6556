using Edge.Gateway.Alarms;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Journal;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Status;

/// <summary>
/// <c>GET /health</c>: whether the gateway is connected to its broker, how deep each lane of its journal is and how old
/// its oldest unforwarded entry, and how the uplink fares. Always 200 while the process serves: a gateway whose cloud
/// is down is working as designed; the fields say what is degraded.
/// </summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", (JournalDatabase journal, JournalOpening opening, GatewayState state, GatewayConfigState config, AlarmEngineHost alarms,
            DeviceStatusRegistry devices, IOptions<GatewayOptions> gateway, TimeProvider timeProvider) =>
        {
            var stats = JournalStatistics.Read(journal);
            var now = timeProvider.GetUtcNow();
            var degraded = !state.MqttConnected || state.LastUplinkError is not null || opening.ReplacedBecause is not null;
            return TypedResults.Ok(new
            {
                status = degraded ? "Degraded" : "Healthy",
                gatewayId = gateway.Value.Id,
                mqtt = new { connected = state.MqttConnected },
                journal = new
                {
                    pending = stats.Pending,
                    pendingAlerts = stats.PendingAlerts,
                    pendingGaps = stats.PendingGaps,
                    pendingLive = stats.PendingLive,
                    pendingReadings = stats.PendingReadings,
                    oldestPendingAgeSeconds = stats.OldestPendingReceivedAt is { } oldest ? (now - oldest).TotalSeconds : 0,
                    forwardedKept = stats.ForwardedKept,
                    deadLetters = stats.DeadLetters,
                    usedBytes = stats.UsedBytes,
                    replacedBecause = opening.ReplacedBecause,
                    movedAsideTo = opening.MovedAsideTo,
                },
                uplink = new { lastSuccess = state.LastUplinkSuccess, lastError = state.LastUplinkError },
                config = ConfigStatus.Describe(config.Current, alarms.Rules.Rules.Count),
                devices = new
                {
                    online = devices.Online,
                    offline = devices.Offline,
                    status = devices.Snapshot().ToDictionary(d => d.Key, d => new { online = d.Value.Online, since = d.Value.Since }),
                },
            });
        });
        return endpoints;
    }
}
