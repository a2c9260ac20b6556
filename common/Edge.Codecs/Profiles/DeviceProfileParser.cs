using System.Text.Json;
using Edge.Codecs.JavaScript;
using Edge.Telemetry;

namespace Edge.Codecs.Profiles;

/// <summary>
/// Reads a device profile from JSON (docs/codecs.md):
/// <c>{"id", "codec": "json"|"cayenne-lpp"|"javascript", "script", "reportIntervalS", "keepUnmappedFields",
/// "fields": {"decoded.name": {"metric", "unit", "scale", "offset"}}}</c>.
/// A profile is checked whole when it is loaded (script compiles, metric names, unit conversions exist), never on the first uplink.
/// </summary>
public static class DeviceProfileParser
{
    public static bool TryParse(JsonElement json, JavaScriptSandboxLimits limits, out DeviceProfile? profile, out string error)
    {
        profile = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = "a device profile is a JSON object";
            return false;
        }

        var id = String(json, "id");
        if (string.IsNullOrWhiteSpace(id))
        {
            error = "profile has no id";
            return false;
        }

        var codecName = String(json, "codec") ?? "json";
        CodecKind codec;
        switch (codecName)
        {
            case "json": codec = CodecKind.Json; break;
            case "cayenne-lpp": codec = CodecKind.CayenneLpp; break;
            case "javascript": codec = CodecKind.JavaScript; break;
            default:
                error = $"profile {id}: unknown codec '{codecName}' (json, cayenne-lpp or javascript)";
                return false;
        }

        JavaScriptCodec? script = null;
        if (codec == CodecKind.JavaScript)
        {
            var source = String(json, "script");
            if (source is null)
            {
                error = $"profile {id}: the javascript codec needs a script";
                return false;
            }

            if (!JavaScriptCodec.TryCreate(source, limits, out script, out var scriptError))
            {
                error = $"profile {id}: {scriptError}";
                return false;
            }
        }

        TimeSpan? reportInterval = null;
        if (json.TryGetProperty("reportIntervalS", out var interval))
        {
            if (interval.ValueKind != JsonValueKind.Number || !interval.TryGetInt32(out var seconds) || seconds <= 0)
            {
                error = $"profile {id}: reportIntervalS must be a positive whole number of seconds";
                return false;
            }

            reportInterval = TimeSpan.FromSeconds(seconds);
        }

        var keepUnmapped = json.TryGetProperty("keepUnmappedFields", out var keep) && keep.ValueKind == JsonValueKind.True;
        var fields = new List<FieldMapping>();
        if (json.TryGetProperty("fields", out var fieldsJson))
        {
            if (fieldsJson.ValueKind != JsonValueKind.Object)
            {
                error = $"profile {id}: fields must be an object of decoded field name to mapping";
                return false;
            }

            foreach (var field in fieldsJson.EnumerateObject())
            {
                if (!TryParseMapping(field, out var mapping, out var mappingError))
                {
                    error = $"profile {id}: field {field.Name}: {mappingError}";
                    return false;
                }

                fields.Add(mapping!);
            }
        }

        profile = new DeviceProfile(id, codec, script, fields, keepUnmapped, reportInterval);
        error = string.Empty;
        return true;
    }

    private static bool TryParseMapping(JsonProperty field, out FieldMapping? mapping, out string error)
    {
        mapping = null;
        var value = field.Value;
        var metric = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Object ? String(value, "metric") : null;
        if (string.IsNullOrWhiteSpace(metric) || !DeviceId.IsValid(metric))
        {
            error = "needs a metric name (a string, or an object with \"metric\")";
            return false;
        }

        double factor = 1, offset = 0;
        if (value.ValueKind == JsonValueKind.Object)
        {
            var unit = String(value, "unit");
            if (unit is not null)
            {
                if (!CanonicalMetrics.TryGet(metric, out var definition))
                {
                    error = $"a unit conversion needs a canonical metric; {metric} is not one";
                    return false;
                }

                if (!UnitConversions.TryFind(unit, definition.Unit, out factor, out offset))
                {
                    error = $"no conversion from {unit} to {definition.Unit} (known: {string.Join(", ", UnitConversions.From(definition.Unit))})";
                    return false;
                }
            }

            if (!TryNumber(value, "scale", 1, out var scale) || !TryNumber(value, "offset", 0, out var addend))
            {
                error = "scale and offset must be numbers";
                return false;
            }

            factor *= scale;
            offset = (offset * scale) + addend;
        }

        mapping = new FieldMapping(field.Name, metric, factor, offset);
        error = string.Empty;
        return true;
    }

    private static bool TryNumber(JsonElement json, string name, double fallback, out double value)
    {
        value = fallback;
        if (!json.TryGetProperty(name, out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        value = element.GetDouble();
        return double.IsFinite(value);
    }

    private static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;
}
