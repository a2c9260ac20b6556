using System.Collections.Concurrent;

namespace Edge.Gateway.Downlinks;

/// <summary>The network server a LoRaWAN device's uplinks came through, and where its downlinks go (MQTT topic).</summary>
internal sealed record LoRaWanRoute(string DownlinkTopic, bool ThingsStack);

/// <summary>
/// Where each LoRaWAN device (by DevEUI) is reached, learnt from the topic of its latest uplink: ChirpStack's
/// <c>application/{applicationId}/device/{devEui}/event/up</c> gives <c>application/{applicationId}/device/{devEui}/command/down</c>,
/// The Things Stack's <c>v3/{appId}@{tenantId}/devices/{deviceId}/up</c> gives <c>v3/{appId}@{tenantId}/devices/{deviceId}/down/push</c>.
/// The gateway configuration knows neither the application nor the network server's own device id; the uplink does.
/// Kept in memory: after a restart a device is reachable again from its next uplink.
/// </summary>
internal sealed class LoRaWanRoutes
{
    private readonly ConcurrentDictionary<string, LoRaWanRoute> _routes = new(StringComparer.Ordinal);

    private int _version;

    /// <summary>Incremented whenever a device's route is learnt or changes, so a publisher waiting for one notices.</summary>
    public int Version => Volatile.Read(ref _version);

    public void Observe(string devEui, string uplinkTopic)
    {
        var route = RouteOf(uplinkTopic);
        if (route is not null && (!_routes.TryGetValue(devEui, out var known) || known != route))
        {
            _routes[devEui] = route;
            Interlocked.Increment(ref _version);
        }
    }

    public LoRaWanRoute? Find(string devEui) => _routes.GetValueOrDefault(devEui);

    internal static LoRaWanRoute? RouteOf(string uplinkTopic)
    {
        var parts = uplinkTopic.Split('/');
        if (parts is ["application", var application, "device", var devEui, "event", "up"])
        {
            return new LoRaWanRoute($"application/{application}/device/{devEui}/command/down", ThingsStack: false);
        }

        if (parts is ["v3", var app, "devices", var device, "up"])
        {
            return new LoRaWanRoute($"v3/{app}/devices/{device}/down/push", ThingsStack: true);
        }

        return null;
    }
}
