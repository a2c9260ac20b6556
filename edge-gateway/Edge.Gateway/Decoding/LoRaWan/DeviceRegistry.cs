using System.Collections.Frozen;
using Edge.Codecs.JavaScript;
using Edge.Codecs.Profiles;
using Edge.Gateway.ConfigSync;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Decoding.LoRaWan;

/// <summary>
/// The devices of the gateway's configuration (ConfigSync) by DevEUI and by id, with their parsed profiles. Rebuilt when the
/// configuration changes; a profile that does not load is left out with its reason (its devices' payloads are then dead-lettered with it).
/// </summary>
internal sealed class DeviceRegistry(GatewayConfigState config)
{
    private Snapshot _snapshot = new(-1, FrozenDictionary<string, GatewayDevice>.Empty, FrozenDictionary<string, GatewayDevice>.Empty, FrozenDictionary<string, DeviceProfile>.Empty, FrozenDictionary<string, string>.Empty);

    public Snapshot Current
    {
        get
        {
            var snapshot = Volatile.Read(ref _snapshot);
            var current = config.Current;
            if (snapshot.Version == current.Version)
            {
                return snapshot;
            }

            snapshot = Build(current.Version, current.Config);
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
    }

    private static Snapshot Build(int version, GatewayConfig? config)
    {
        var devices = config?.Devices ?? [];
        var profiles = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal);
        var broken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var json in config?.Profiles ?? [])
        {
            if (DeviceProfileParser.TryParse(json, JavaScriptSandboxLimits.Default, out var profile, out var error))
            {
                profiles[profile!.Id] = profile;
            }
            else if (json.ValueKind == System.Text.Json.JsonValueKind.Object && json.TryGetProperty("id", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                broken[id.GetString()!] = error;
            }
        }

        var byDevEui = new Dictionary<string, GatewayDevice>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            if (device.DevEui is { } devEui && LoRaWanJson.TryDevEui(devEui, out var normalized))
            {
                byDevEui[normalized] = device;
            }
        }

        return new Snapshot(
            version,
            byDevEui.ToFrozenDictionary(StringComparer.Ordinal),
            devices.DistinctBy(device => device.Id).ToFrozenDictionary(device => device.Id, StringComparer.Ordinal),
            profiles.ToFrozenDictionary(StringComparer.Ordinal),
            broken.ToFrozenDictionary(StringComparer.Ordinal));
    }

    internal sealed record Snapshot(
        int Version,
        FrozenDictionary<string, GatewayDevice> ByDevEui,
        FrozenDictionary<string, GatewayDevice> ById,
        FrozenDictionary<string, DeviceProfile> Profiles,
        FrozenDictionary<string, string> BrokenProfiles)
    {
        /// <summary>The device's profile, null when it names none, or the reason its named profile cannot be used.</summary>
        public (DeviceProfile? Profile, string? Error) ProfileOf(GatewayDevice device)
        {
            if (device.ProfileId is not { } id)
            {
                return (null, null);
            }

            if (Profiles.TryGetValue(id, out var profile))
            {
                return (profile, null);
            }

            return (null, BrokenProfiles.TryGetValue(id, out var reason) ? $"profile {id} does not load: {reason}" : $"profile {id} is not in the gateway's configuration");
        }
    }
}
