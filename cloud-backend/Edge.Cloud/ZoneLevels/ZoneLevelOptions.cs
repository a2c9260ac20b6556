using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.ZoneLevels;

/// <summary>How zone warning levels follow the sensors (section <c>ZoneLevels</c>).</summary>
public sealed class ZoneLevelOptions
{
    public const string Section = "ZoneLevels";

    /// <summary>
    /// Corroboration: sensors of the zone that must agree before the highest levels (warning: that many with a warning
    /// or critical alert; evacuate: that many with a critical one). A zone with fewer sensors needs all of them.
    /// </summary>
    [Range(1, 100)]
    public int CorroboratingSensors { get; set; } = 2;

    /// <summary>Minimum dwell: a level is held at least this long before it may be lowered.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MinimumDwell { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Hysteresis: the sensors must ask for less for this long, without interruption, before the level is lowered.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan LowerAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the levels are derived again (the clustered scheduler runs it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
