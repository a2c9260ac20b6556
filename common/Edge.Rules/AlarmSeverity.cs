using System.Text.Json.Serialization;

namespace Edge.Rules;

/// <summary>How serious an alarm is (CONTRACTS section 4). Ordered: a larger value is more severe.</summary>
public enum AlarmSeverity
{
    /// <summary>No alarm: the state before a raise and after a clear.</summary>
    [JsonStringEnumMemberName("none")]
    None = 0,

    [JsonStringEnumMemberName("info")]
    Info = 1,

    [JsonStringEnumMemberName("warning")]
    Warning = 2,

    [JsonStringEnumMemberName("critical")]
    Critical = 3,
}

/// <summary>The contract spelling of severities: <c>info</c>, <c>warning</c>, <c>critical</c>.</summary>
public static class AlarmSeverities
{
    public static string ToContractString(this AlarmSeverity severity) => severity switch
    {
        AlarmSeverity.Info => "info",
        AlarmSeverity.Warning => "warning",
        AlarmSeverity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "only info, warning and critical are alarm severities"),
    };

    /// <summary>Parses <c>info</c>, <c>warning</c> or <c>critical</c> (exact, lower case).</summary>
    public static bool TryParse(string? text, out AlarmSeverity severity)
    {
        severity = text switch
        {
            "info" => AlarmSeverity.Info,
            "warning" => AlarmSeverity.Warning,
            "critical" => AlarmSeverity.Critical,
            _ => AlarmSeverity.None,
        };
        return severity != AlarmSeverity.None;
    }
}
