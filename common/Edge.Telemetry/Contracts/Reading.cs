using System.Text.Json.Serialization;

namespace Edge.Telemetry.Contracts;

/// <summary>
/// A normalized reading as the gateway forwards it (CONTRACTS section 4).
/// <see cref="Id"/> is <c>{gatewayId}:{journalSeq}</c>; the cloud stores each id at most once.
/// </summary>
public sealed record Reading
{
    [JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    public required string Id { get; init; }

    public required string GatewayId { get; init; }

    public required string DeviceId { get; init; }

    /// <summary>Measurement time (the device's <c>ts</c>, or the gateway's receive time when the device sent none).</summary>
    public required DateTimeOffset Ts { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>One of <see cref="ReadingSources"/>.</summary>
    public required string Source { get; init; }

    /// <summary>The device's own message counter, when it sends one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Seq { get; init; }

    public required IReadOnlyDictionary<string, double> Values { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RadioMetadata? Radio { get; init; }
}

/// <summary>Radio quality of a LoRaWAN uplink.</summary>
public sealed record RadioMetadata(double? Rssi, double? Snr);

/// <summary>Where a reading entered the gateway.</summary>
public static class ReadingSources
{
    public const string Mqtt = "mqtt";
    public const string Lorawan = "lorawan";
    public const string Gsm = "gsm";
    public const string Http = "http";
}
