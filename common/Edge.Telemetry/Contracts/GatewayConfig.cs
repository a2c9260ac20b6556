using System.Text.Json;

namespace Edge.Telemetry.Contracts;

/// <summary>
/// <c>GET /api/v1/gateways/{gatewayId}/config</c> (CONTRACTS section 4): what a gateway needs to work on its own, cached
/// on its disk. <see cref="Rules"/> are rule definitions in the format of common/Edge.Rules.
/// </summary>
public sealed record GatewayConfig
{
    public required string GatewayId { get; init; }

    public IReadOnlyList<GatewayDevice> Devices { get; init; } = [];

    public IReadOnlyList<JsonElement> Rules { get; init; } = [];

    public IReadOnlyList<AlarmContact> AlarmContacts { get; init; } = [];

    /// <summary>Device profiles (payload codec, field-to-metric mapping) in the format of common/Edge.Codecs, see docs/codecs.md.</summary>
    public IReadOnlyList<JsonElement> Profiles { get; init; } = [];
}

/// <summary>
/// A device assigned to the gateway. A LoRaWAN device also has its <see cref="DevEui"/> (16 lower-case hex digits); a device
/// whose payloads are not telemetry JSON names its <see cref="ProfileId"/> among <see cref="GatewayConfig.Profiles"/>.
/// </summary>
public sealed record GatewayDevice(string Id, string Kind, string Name, string Status, double? Latitude, double? Longitude)
{
    /// <summary>
    /// E.164 numbers the device sends GSM readings from (CONTRACTS section 2: the sender must belong to the device).
    /// An addition to the contract: absent means none, so a GSM reading from this device is refused.
    /// </summary>
    public IReadOnlyList<string> SmsNumbers { get; init; } = [];

    /// <summary>How often the device should report, seconds; published to MQTT devices as their retained config. Absent: the device's own default.</summary>
    public int? ReportIntervalS { get; init; }

    public string? DevEui { get; init; }

    public string? ProfileId { get; init; }
}

/// <summary>Someone the gateway alerts by SMS for alarms of at least <see cref="MinSeverity"/>.</summary>
public sealed record AlarmContact(string Name, string Phone, string MinSeverity);
