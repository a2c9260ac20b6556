using System.Text.Json;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Cloud.Ingest.Kafka;

/// <summary>What one Kafka record holds: a reading, an alert or a gap for the pipeline, or why it cannot be read (poison).</summary>
internal sealed record DecodedRecord(string? GatewayId, Reading? Reading = null, Alert? Alert = null, Gap? Gap = null, string? Poison = null);

/// <summary>
/// Turns a record of <c>sensor.raw</c>, <c>alerts.critical</c> or the gaps topic into a contract item. A record that is
/// not one (empty, not JSON, wrong shape, unknown version, no gateway) is poison: dead-lettered with the reason and
/// passed over, never retried, never allowed to stop the partition.
/// </summary>
internal static class KafkaRecordDecoder
{
    public const int MaxRecordBytes = 1 << 20;

    public static DecodedRecord Decode(string topic, ReadOnlySpan<byte> value, KafkaIngestOptions options)
    {
        if (value.IsEmpty)
        {
            return new DecodedRecord(null, Poison: "empty record");
        }

        if (value.Length > MaxRecordBytes)
        {
            return new DecodedRecord(null, Poison: $"record of {value.Length} bytes is larger than {MaxRecordBytes}");
        }

        try
        {
            return topic switch
            {
                _ when topic == options.ReadingsTopic => Check(JsonSerializer.Deserialize(value, TelemetryJson.Default.Reading), r => r.Version, r => r.GatewayId, r => new DecodedRecord(r.GatewayId, Reading: r)),
                _ when topic == options.AlertsTopic => Check(JsonSerializer.Deserialize(value, TelemetryJson.Default.Alert), a => a.Version, a => a.GatewayId, a => new DecodedRecord(a.GatewayId, Alert: a)),
                _ when topic == options.GapsTopic => Check(JsonSerializer.Deserialize(value, TelemetryJson.Default.Gap), g => g.Version, g => g.GatewayId, g => new DecodedRecord(g.GatewayId, Gap: g)),
                _ => new DecodedRecord(null, Poison: $"records of topic {topic} are not ingested"),
            };
        }
        catch (JsonException error)
        {
            return new DecodedRecord(null, Poison: "not a contract item: " + error.Message);
        }
    }

    private static DecodedRecord Check<T>(T? item, Func<T, int> version, Func<T, string?> gatewayId, Func<T, DecodedRecord> decoded) where T : class =>
        item is null ? new DecodedRecord(null, Poison: "record is JSON null")
        : version(item) != 1 ? new DecodedRecord(gatewayId(item), Poison: $"unknown contract version {version(item)}")
        : string.IsNullOrEmpty(gatewayId(item)) ? new DecodedRecord(null, Poison: "record names no gateway")
        : decoded(item);
}
