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
}

/// <summary>A device assigned to the gateway.</summary>
public sealed record GatewayDevice(string Id, string Kind, string Name, string Status, double? Latitude, double? Longitude);

/// <summary>Someone the gateway alerts by SMS for alarms of at least <see cref="MinSeverity"/>.</summary>
public sealed record AlarmContact(string Name, string Phone, string MinSeverity);
