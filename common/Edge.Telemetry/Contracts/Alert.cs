using System.Text.Json.Serialization;

namespace Edge.Telemetry.Contracts;

/// <summary>An alert raised or cleared by a rule (CONTRACTS section 4), published to sirens and forwarded to the cloud.</summary>
public sealed record Alert
{
    [JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    public required string Id { get; init; }

    public required string GatewayId { get; init; }

    public required string DeviceId { get; init; }

    public required string Rule { get; init; }

    public required string Metric { get; init; }

    /// <summary><c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
    public required string Severity { get; init; }

    /// <summary><c>raised</c> or <c>cleared</c>.</summary>
    public required string State { get; init; }

    public required double Value { get; init; }

    public required double Threshold { get; init; }

    public required DateTimeOffset Ts { get; init; }

    /// <summary><c>edge</c> or <c>cloud</c>.</summary>
    public string Origin { get; init; } = "edge";
}
