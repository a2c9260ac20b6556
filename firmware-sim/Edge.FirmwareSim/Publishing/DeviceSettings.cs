using System.Text.Json;

namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// Settings a device takes from its config downlink (CONTRACTS section 1: retained JSON on <c>devices/{id}/config</c>,
/// e.g. <c>{"reportIntervalS":60}</c>), shared by its connection (which receives them) and its producer (which follows
/// them). Until one arrives the device follows the fleet's schedule.
/// </summary>
internal sealed class DeviceSettings
{
    private long _reportIntervalTicks;

    /// <summary>The interval the gateway asked for, or null.</summary>
    public TimeSpan? ReportInterval
    {
        get
        {
            var ticks = Interlocked.Read(ref _reportIntervalTicks);
            return ticks == 0 ? null : TimeSpan.FromTicks(ticks);
        }
    }

    /// <summary>Applies a config message; false when it is not a JSON object with a usable <c>reportIntervalS</c> (1 s to 1 day).</summary>
    public bool Apply(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("reportIntervalS", out var interval)
                && interval.ValueKind == JsonValueKind.Number && interval.TryGetDouble(out var seconds) && seconds is >= 1 and <= 86_400)
            {
                Interlocked.Exchange(ref _reportIntervalTicks, TimeSpan.FromSeconds(seconds).Ticks);
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
