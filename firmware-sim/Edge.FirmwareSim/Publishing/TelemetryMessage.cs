using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// Device telemetry as CONTRACTS section 1 defines it:
/// <c>{"ts":"2026-11-21T10:00:00.000Z","seq":17,"values":{"water_level_m":1.84,"battery_v":3.61}}</c>.
/// </summary>
internal sealed record TelemetryMessage(DateTimeOffset Ts, long Seq, IReadOnlyDictionary<string, double> Values)
{
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, TelemetryMessageJson.Default.TelemetryMessage);
}

/// <summary>camelCase names and UTC timestamps with milliseconds, as the rest of the platform writes them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(TelemetryMessage))]
internal sealed partial class TelemetryMessageJson : JsonSerializerContext;
