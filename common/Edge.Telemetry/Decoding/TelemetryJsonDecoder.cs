using System.Globalization;
using System.Text.Json;

namespace Edge.Telemetry.Decoding;

/// <summary>
/// Decodes the device telemetry JSON of CONTRACTS section 1:
/// <c>{"ts": ISO-8601 | Unix ms, "seq": n, "values": {metric: number}}</c>, or a flat object of numbers
/// (where <c>ts</c> and <c>seq</c>, if present, keep their meaning). Every refusal carries a reason a person can act on.
/// </summary>
public static class TelemetryJsonDecoder
{
    /// <summary>Payloads above this size are refused before parsing.</summary>
    public const int DefaultMaxPayloadBytes = 64 * 1024;

    public const int MaxValues = 128;
    public const int MaxMetricNameLength = 64;

    private static readonly long EarliestUnixMs = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long LatestUnixMs = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 8 };

    public static DecodeOutcome Decode(ReadOnlyMemory<byte> payload, int maxPayloadBytes = DefaultMaxPayloadBytes)
    {
        if (payload.Length > maxPayloadBytes)
        {
            return DecodeOutcome.Failure($"payload of {payload.Length} bytes exceeds the limit of {maxPayloadBytes} bytes");
        }

        if (payload.IsEmpty)
        {
            return DecodeOutcome.Failure("empty payload");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, ParseOptions);
        }
        catch (JsonException e)
        {
            return DecodeOutcome.Failure($"not valid JSON: {e.Message}");
        }

        using (document)
        {
            return DecodeDocument(document.RootElement);
        }
    }

    private static DecodeOutcome DecodeDocument(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return DecodeOutcome.Failure($"expected a JSON object, got {Describe(root.ValueKind)}");
        }

        DateTimeOffset? timestamp = null;
        long? sequence = null;
        JsonElement? valuesObject = null;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            string? error = property.Name switch
            {
                "ts" => ReadTimestamp(property.Value, out timestamp),
                "seq" => ReadSequence(property.Value, out sequence),
                "values" when property.Value.ValueKind == JsonValueKind.Object => SetOnce(ref valuesObject, property.Value),
                _ => AddValue(values, property.Name, property.Value),
            };
            if (error is not null)
            {
                return DecodeOutcome.Failure(error);
            }
        }

        if (valuesObject is { } nested)
        {
            if (values.Count > 0)
            {
                return DecodeOutcome.Failure($"metrics given both inside and beside \"values\": {string.Join(", ", values.Keys)}");
            }

            foreach (var property in nested.EnumerateObject())
            {
                if (AddValue(values, property.Name, property.Value) is { } error)
                {
                    return DecodeOutcome.Failure(error);
                }
            }
        }

        if (values.Count == 0)
        {
            return DecodeOutcome.Failure("no values: expected {\"values\":{\"metric\":number}} or a flat object of numbers");
        }

        return DecodeOutcome.Success(new DecodedTelemetry(timestamp, sequence, values));
    }

    private static string? SetOnce(ref JsonElement? slot, JsonElement value)
    {
        if (slot is not null)
        {
            return "\"values\" appears twice";
        }

        slot = value;
        return null;
    }

    private static string? AddValue(Dictionary<string, double> values, string name, JsonElement value)
    {
        if (!IsValidMetricName(name))
        {
            return $"invalid metric name \"{Truncate(name)}\": 1-{MaxMetricNameLength} characters of [A-Za-z0-9_.-]";
        }

        if (values.Count >= MaxValues)
        {
            return $"more than {MaxValues} values in one message";
        }

        double number;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                // Literals too large for a double parse as infinity; the validator refuses them with the metric's name.
                number = double.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                break;
            case JsonValueKind.String when TryParseNamedFloat(value.GetString(), out var named):
                number = named;
                break;
            default:
                return $"value of {name} is {Describe(value.ValueKind)}, expected a number";
        }

        if (!values.TryAdd(name, number))
        {
            return $"metric {name} appears twice";
        }

        return null;
    }

    private static string? ReadTimestamp(JsonElement value, out DateTimeOffset? timestamp)
    {
        timestamp = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                    || !text.Contains('T', StringComparison.Ordinal))
                {
                    return $"ts \"{Truncate(text)}\" is not an ISO-8601 date and time";
                }

                timestamp = parsed;
                return null;
            case JsonValueKind.Number when value.TryGetInt64(out var unixMs):
                if (unixMs is > 0 and < 100_000_000_000)
                {
                    return $"ts {unixMs} looks like Unix seconds; send Unix milliseconds or ISO-8601";
                }

                if (unixMs < EarliestUnixMs || unixMs > LatestUnixMs)
                {
                    return $"ts {unixMs} is outside the years 2000-2100";
                }

                timestamp = DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
                return null;
            case JsonValueKind.Null:
                return null;
            default:
                return $"ts is {Describe(value.ValueKind)}, expected ISO-8601 text or Unix milliseconds";
        }
    }

    private static string? ReadSequence(JsonElement value, out long? sequence)
    {
        sequence = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var parsed) || parsed < 0)
        {
            return $"seq must be a non-negative integer, got {Truncate(value.GetRawText())}";
        }

        sequence = parsed;
        return null;
    }

    private static bool TryParseNamedFloat(string? text, out double value)
    {
        value = text switch
        {
            "NaN" or "nan" => double.NaN,
            "Infinity" or "inf" or "+Infinity" => double.PositiveInfinity,
            "-Infinity" or "-inf" => double.NegativeInfinity,
            _ => 0,
        };
        return text is "NaN" or "nan" or "Infinity" or "inf" or "+Infinity" or "-Infinity" or "-inf";
    }

    private static bool IsValidMetricName(string name)
    {
        if (name.Length is 0 or > MaxMetricNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "text",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a number",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
