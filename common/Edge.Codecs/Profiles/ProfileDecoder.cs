using Edge.Codecs.CayenneLpp;
using Edge.Codecs.Json;
using Edge.Telemetry;
using Edge.Telemetry.Decoding;

namespace Edge.Codecs.Profiles;

/// <summary>
/// Turns a device's payload into metric values with its profile: the codec gives fields, the profile's mappings give metrics.
/// A field without a mapping is kept when its name is already a canonical metric, or when the profile keeps unmapped fields;
/// otherwise it is left out. A payload that yields no metric at all is refused with the fields it did have.
/// </summary>
public static class ProfileDecoder
{
    public static DecodeOutcome Decode(DeviceProfile profile, ReadOnlyMemory<byte> payload, int fPort)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var fields = profile.Codec switch
        {
            CodecKind.CayenneLpp => LppDecoder.Decode(payload.Span),
            CodecKind.JavaScript => profile.Script!.Decode(payload.Span, fPort),
            _ => JsonFields.Decode(payload),
        };
        return fields.Succeeded ? Map(profile, fields.Fields!) : DecodeOutcome.Failure(fields.Error!);
    }

    /// <summary>Maps fields that were already decoded (a network server's decoded object) with the profile's mappings.</summary>
    public static DecodeOutcome Map(DeviceProfile profile, IReadOnlyDictionary<string, double> fields)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(fields);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var mapped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mapping in profile.Fields)
        {
            mapped.Add(mapping.Field);
            if (fields.TryGetValue(mapping.Field, out var value))
            {
                values[mapping.Metric] = mapping.Apply(value);
            }
        }

        foreach (var (name, value) in fields)
        {
            if (!mapped.Contains(name) && !values.ContainsKey(name) && (profile.KeepUnmappedFields || CanonicalMetrics.All.ContainsKey(name)))
            {
                values[name] = value;
            }
        }

        if (values.Count == 0)
        {
            return DecodeOutcome.Failure($"profile {profile.Id} maps none of the decoded fields ({string.Join(", ", fields.Keys.Order(StringComparer.Ordinal))})");
        }

        return DecodeOutcome.Success(new DecodedTelemetry(null, null, values));
    }
}
