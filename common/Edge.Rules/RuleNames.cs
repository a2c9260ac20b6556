using System.Globalization;
using System.Text;

namespace Edge.Rules;

/// <summary>
/// The alert's <c>rule</c> string, derived from the definition so that it is stable and says what the rule checks:
/// <c>water_level_m&gt;=2.5</c>, <c>battery_v&lt;=3.3 for 30m</c>, <c>rain_mm[1h]&gt;=30</c>,
/// <c>water_level_m rate[1h]&gt;=0.5/h</c>, <c>displacement_mm |rate[3h]|&gt;=1/h</c>, <c>silent&gt;=3x600s</c>.
/// The number is the raise level of the least severe level; a rule with several levels keeps one name as it escalates.
/// </summary>
public static class RuleNames
{
    internal static string Format(RuleKind kind, string metric, bool below, bool magnitude, double firstRaise,
        long windowSeconds, long minDurationSeconds, long reportIntervalSeconds, int intervals)
    {
        if (kind == RuleKind.Silence)
        {
            return string.Create(CultureInfo.InvariantCulture, $"silent>={intervals}x{reportIntervalSeconds}s");
        }

        var name = new StringBuilder(48);
        var op = below ? "<=" : ">=";
        switch (kind)
        {
            case RuleKind.Threshold:
                name.Append(magnitude ? $"|{metric}|" : metric);
                break;
            case RuleKind.Accumulation:
                name.Append(metric).Append('[').Append(Duration(windowSeconds)).Append(']');
                break;
            case RuleKind.Rate:
                var rate = $"rate[{Duration(windowSeconds)}]";
                name.Append(metric).Append(' ').Append(magnitude ? $"|{rate}|" : rate);
                break;
        }

        name.Append(op).Append(Number(firstRaise));
        if (kind == RuleKind.Rate)
        {
            name.Append("/h");
        }

        if (minDurationSeconds > 0)
        {
            name.Append(" for ").Append(Duration(minDurationSeconds));
        }

        return name.ToString();
    }

    /// <summary>Whole hours as <c>24h</c>, whole minutes as <c>10m</c>, anything else in seconds (<c>90s</c>).</summary>
    public static string Duration(long seconds) =>
        seconds % 3600 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}h")
        : seconds % 60 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}m")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds}s");

    /// <summary>The shortest text that reads back as the same number, invariant culture: 2.5, 30, 0.1, -0.5.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
