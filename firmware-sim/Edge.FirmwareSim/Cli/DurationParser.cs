using System.Globalization;

namespace Edge.FirmwareSim.Cli;

/// <summary>Reads durations as people type them: <c>500ms</c>, <c>60s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, plain seconds (<c>90</c>), or <c>hh:mm:ss</c>.</summary>
internal static class DurationParser
{
    private const double MaxSeconds = 100 * 365 * 86400.0;
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
        }

        var (number, seconds) = SplitUnit(text);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value * seconds > MaxSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * seconds);
        return true;
    }

    private static (string Number, double Seconds) SplitUnit(string text)
    {
        foreach (var (suffix, seconds) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return (text[..^suffix.Length], seconds);
            }
        }

        return (text, 1);
    }
}
