using System.Globalization;
using Edge.Telemetry.Decoding;

namespace Edge.Telemetry.Validation;

/// <summary>One value refused by validation, with the reason.</summary>
public sealed record ValueViolation(string Metric, double Value, string Reason);

/// <summary>
/// Validated telemetry: the measurement time to store, the values that passed, and those that did not.
/// A bad value never reaches storage, but does not take its good neighbours with it: a station whose battery
/// channel glitches still reports its water level.
/// </summary>
public sealed record ValidatedTelemetry(
    DateTimeOffset Timestamp,
    long? Sequence,
    IReadOnlyDictionary<string, double> Values,
    IReadOnlyList<ValueViolation> Violations,
    string? TimestampError)
{
    /// <summary>True when nothing of the message can be stored.</summary>
    public bool IsRejected => TimestampError is not null || Values.Count == 0;

    /// <summary>Everything that was wrong, in one line, for a dead-letter record.</summary>
    public string DescribeProblems() =>
        TimestampError ?? string.Join("; ", Violations.Select(violation => violation.Reason));
}

/// <summary>Checks decoded telemetry against the canonical metric table (CONTRACTS section 3) and a sane clock.</summary>
public static class ReadingValidator
{
    /// <summary>How far ahead of the gateway's clock a device's timestamp may be before it is refused.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static ValidatedTelemetry Validate(DecodedTelemetry telemetry, DateTimeOffset receivedAt)
    {
        var timestamp = telemetry.Timestamp ?? receivedAt;
        string? timestampError = null;
        if (timestamp > receivedAt + FutureTolerance)
        {
            timestampError = string.Create(CultureInfo.InvariantCulture,
                $"ts {timestamp:O} is {(timestamp - receivedAt).TotalMinutes:F0} minutes ahead of the gateway's clock");
        }

        var accepted = new Dictionary<string, double>(telemetry.Values.Count, StringComparer.Ordinal);
        List<ValueViolation>? violations = null;
        foreach (var (metric, value) in telemetry.Values)
        {
            if (CheckValue(metric, value) is { } reason)
            {
                (violations ??= []).Add(new ValueViolation(metric, value, reason));
            }
            else
            {
                accepted[metric] = value;
            }
        }

        return new ValidatedTelemetry(timestamp, telemetry.Sequence, accepted, violations ?? [], timestampError);
    }

    /// <summary>Null when the value may be stored, otherwise why not.</summary>
    public static string? CheckValue(string metric, double value)
    {
        if (double.IsNaN(value))
        {
            return $"{metric} is NaN";
        }

        if (double.IsInfinity(value))
        {
            return $"{metric} is infinite";
        }

        if (CanonicalMetrics.TryGet(metric, out var definition) && (value < definition.Minimum || value > definition.Maximum))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{metric} = {value} {definition.Unit} is outside {definition.Minimum} to {definition.Maximum} {definition.Unit}");
        }

        return null;
    }
}
