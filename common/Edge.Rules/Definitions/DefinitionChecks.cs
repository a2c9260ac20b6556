using System.Globalization;

namespace Edge.Rules.Definitions;

/// <summary>Checks of single members of a rule definition, each adding its error with the member's path.</summary>
internal static class DefinitionChecks
{
    /// <summary>The longest window or duration a rule may use: memory grows with it.</summary>
    public const long MaxSeconds = 7 * 24 * 3600;

    public static RuleKind? Kind(string? kind, string path, List<RuleError> errors)
    {
        if (RuleVocabulary.TryParseKind(kind, out var parsed))
        {
            return parsed;
        }

        errors.Add(new RuleError($"{path}.kind", kind is null
            ? "missing: threshold, rate, accumulation or silence"
            : $"unknown rule kind \"{kind}\" (threshold, rate, accumulation or silence)"));
        return null;
    }

    public static bool Below(string? direction, string path, List<RuleError> errors)
    {
        switch (direction)
        {
            case null or "above":
                return false;
            case "below":
                return true;
            default:
                errors.Add(new RuleError($"{path}.direction", $"unknown direction \"{direction}\" (above or below)"));
                return false;
        }
    }

    /// <summary>A duration in seconds between <paramref name="minimum"/> and 7 days, or null when absent or refused.</summary>
    public static long? Seconds(long? value, string path, long minimum, List<RuleError> errors)
    {
        if (value is not { } seconds)
        {
            return null;
        }

        if (seconds < minimum || seconds > MaxSeconds)
        {
            errors.Add(new RuleError(path, string.Create(CultureInfo.InvariantCulture,
                $"{seconds} s is not between {minimum} s and {MaxSeconds} s (7 days)")));
            return null;
        }

        return seconds;
    }

    public static void Forbid<T>(T? value, string path, string why, List<RuleError> errors)
    {
        if (value is not null)
        {
            errors.Add(new RuleError(path, why));
        }
    }
}
