namespace Edge.Telemetry.Contracts;

/// <summary>
/// Readings a gateway had to give up before it could forward them (its disk quota was reached, or they outlived their
/// time to live): which device, the measurement times they spanned, and how many. An extension of CONTRACTS section 4,
/// so that the control room knows what is missing instead of guessing. Its <see cref="Id"/> is a journal id like a
/// reading's, and the cloud stores each gap once.
/// </summary>
public sealed record Gap
{
    [System.Text.Json.Serialization.JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    public required string Id { get; init; }

    public required string GatewayId { get; init; }

    public required string DeviceId { get; init; }

    /// <summary>Measurement time of the first lost reading.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Measurement time of the last lost reading.</summary>
    public required DateTimeOffset To { get; init; }

    public required int Count { get; init; }

    /// <summary><c>quota</c> (the journal's disk quota) or <c>ttl</c> (older than the configured time to live).</summary>
    public required string Reason { get; init; }
}
