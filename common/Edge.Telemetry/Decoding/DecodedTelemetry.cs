namespace Edge.Telemetry.Decoding;

/// <summary>What a device said, before validation: its measurement time and counter when it sent them, and its values.</summary>
public sealed record DecodedTelemetry(DateTimeOffset? Timestamp, long? Sequence, IReadOnlyDictionary<string, double> Values);

/// <summary>The outcome of decoding one payload: the telemetry, or why the payload cannot be read.</summary>
public readonly record struct DecodeOutcome(DecodedTelemetry? Telemetry, string? Error)
{
    public static DecodeOutcome Success(DecodedTelemetry telemetry) => new(telemetry, null);

    public static DecodeOutcome Failure(string error) => new(null, error);
}
