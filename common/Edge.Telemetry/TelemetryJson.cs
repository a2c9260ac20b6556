using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Telemetry.Contracts;

namespace Edge.Telemetry;

/// <summary>System.Text.Json metadata for the contract records: camelCase, UTC timestamps with milliseconds.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    Converters = [typeof(UtcTimestampJsonConverter)],
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Reading))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(Gap))]
[JsonSerializable(typeof(GatewayConfig))]
[JsonSerializable(typeof(IngestBatch))]
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
[JsonSerializable(typeof(RadioMetadata))]
public sealed partial class TelemetryJson : JsonSerializerContext;

/// <summary>Writes timestamps as <c>2026-11-21T10:00:00.000Z</c>; reads any ISO-8601 form.</summary>
public sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
