namespace Edge.Cloud.ZoneLevels;

/// <summary>A zone's warning level, in increasing order (JSON and database spelling: lower case).</summary>
internal enum WarningLevel
{
    Normal = 0,
    Advisory = 1,
    Watch = 2,
    Warning = 3,
    Evacuate = 4,
}

internal static class WarningLevels
{
    public static string ToText(this WarningLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>Parses <c>normal</c>, <c>advisory</c>, <c>watch</c>, <c>warning</c> or <c>evacuate</c> (exact, lower case).</summary>
    public static bool TryParse(string? text, out WarningLevel level)
    {
        (var known, level) = text switch
        {
            "normal" => (true, WarningLevel.Normal),
            "advisory" => (true, WarningLevel.Advisory),
            "watch" => (true, WarningLevel.Watch),
            "warning" => (true, WarningLevel.Warning),
            "evacuate" => (true, WarningLevel.Evacuate),
            _ => (false, WarningLevel.Normal),
        };
        return known;
    }
}
