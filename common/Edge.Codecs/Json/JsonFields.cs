using System.Text.Json;

namespace Edge.Codecs.Json;

/// <summary>
/// Flattens a JSON object into numeric fields: nested objects give dotted names (<c>accelerometer_6.x</c>),
/// array items their index (<c>levels.0</c>), booleans 1 or 0; strings and nulls carry no number and are left out.
/// </summary>
public static class JsonFields
{
    public const int MaxFields = 256;
    public const int MaxDepth = 8;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = MaxDepth + 2 };

    /// <summary>Decodes a payload that is itself a JSON object (the <c>json</c> codec).</summary>
    public static FieldsOutcome Decode(ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return FieldsOutcome.Failure("empty payload");
        }

        try
        {
            using var document = JsonDocument.Parse(payload, ParseOptions);
            return Flatten(document.RootElement);
        }
        catch (JsonException e)
        {
            return FieldsOutcome.Failure($"not valid JSON: {e.Message}");
        }
    }

    public static FieldsOutcome Flatten(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return FieldsOutcome.Failure($"expected a JSON object, got {root.ValueKind.ToString().ToLowerInvariant()}");
        }

        var fields = new Dictionary<string, double>(StringComparer.Ordinal);
        var error = Add(fields, prefix: null, root, depth: 0);
        return error is null ? FieldsOutcome.Success(fields) : FieldsOutcome.Failure(error);
    }

    private static string? Add(Dictionary<string, double> fields, string? prefix, JsonElement element, int depth)
    {
        if (depth > MaxDepth)
        {
            return $"fields nested deeper than {MaxDepth} levels";
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var error = Add(fields, Join(prefix, property.Name), property.Value, depth + 1);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var error = Add(fields, Join(prefix, index.ToString(System.Globalization.CultureInfo.InvariantCulture)), item, depth + 1);
                    if (error is not null)
                    {
                        return error;
                    }

                    index++;
                }

                return null;
            case JsonValueKind.Number:
                return Put(fields, prefix!, element.GetDouble());
            case JsonValueKind.True:
                return Put(fields, prefix!, 1);
            case JsonValueKind.False:
                return Put(fields, prefix!, 0);
            default:
                return null;
        }
    }

    private static string? Put(Dictionary<string, double> fields, string name, double value)
    {
        if (fields.Count >= MaxFields)
        {
            return $"more than {MaxFields} numeric fields";
        }

        fields[name] = value;
        return null;
    }

    private static string Join(string? prefix, string name) => prefix is null ? name : $"{prefix}.{name}";
}
