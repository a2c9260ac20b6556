using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Edge.Gateway.Status;

/// <summary>A device's last word on <c>devices/{id}/status</c>: <c>online</c>, or <c>offline</c> (said, or its will).</summary>
internal sealed record DeviceStatus(bool Online, DateTimeOffset Since);

/// <summary>Online/offline state of the MQTT devices, as the village broker reports it; for /health, the metrics and the status.</summary>
internal sealed class DeviceStatusRegistry
{
    private readonly ConcurrentDictionary<string, DeviceStatus> _devices = new(StringComparer.Ordinal);

    public DeviceStatusRegistry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge("edge.gateway.devices", () => new[]
        {
            new Measurement<int>(Online, new KeyValuePair<string, object?>("status", "online")),
            new Measurement<int>(Offline, new KeyValuePair<string, object?>("status", "offline")),
        }, "{device}", "MQTT devices by their last status on devices/{id}/status");
    }

    /// <summary>Records a status message; false (and nothing recorded) when the payload is neither <c>online</c> nor <c>offline</c>.</summary>
    public bool Record(string deviceId, ReadOnlySpan<byte> payload, DateTimeOffset at)
    {
        var online = payload.Trim((byte)' ').SequenceEqual("online"u8);
        if (!online && !payload.Trim((byte)' ').SequenceEqual("offline"u8))
        {
            if (payload.IsEmpty)
            {
                _devices.TryRemove(deviceId, out _); // a cleared retained status: the device is gone
                return true;
            }

            return false;
        }

        _devices.AddOrUpdate(deviceId, _ => new DeviceStatus(online, at), (_, previous) => previous.Online == online ? previous : new DeviceStatus(online, at));
        return true;
    }

    public IReadOnlyDictionary<string, DeviceStatus> Snapshot() => new SortedDictionary<string, DeviceStatus>(_devices, StringComparer.Ordinal);

    public int Online => _devices.Count(d => d.Value.Online);

    public int Offline => _devices.Count(d => !d.Value.Online);
}
