namespace Edge.Cloud.ZoneLevels;

/// <summary>
/// The rules of a zone's warning level, free of storage and clock (time comes in as <c>now</c>):
/// <list type="bullet">
/// <item>the sensors ask for: advisory with any hazard alert, watch with any warning or critical one, warning when
/// <c>k</c> sensors have warning or critical alerts, evacuate when <c>k</c> sensors have critical ones
/// (<c>k</c> = <see cref="ZoneLevelOptions.CorroboratingSensors"/>, at most the zone's sensors): one sensor alone,
/// which may be faulty, never reaches the highest levels in a zone that has others;</item>
/// <item>a higher level is taken at once; a lower one only after the sensors asked for less without interruption for
/// <see cref="ZoneLevelOptions.LowerAfter"/> (hysteresis) and the current level was held for
/// <see cref="ZoneLevelOptions.MinimumDwell"/>;</item>
/// <item>an admin's override is the level in force while it lasts.</item>
/// </list>
/// </summary>
internal static class ZoneLevelPolicy
{
    /// <summary>The level the sensors ask for now.</summary>
    public static WarningLevel Requested(ZoneAlerts alerts, int corroboratingSensors)
    {
        var k = Math.Max(1, Math.Min(corroboratingSensors, Math.Max(alerts.Sensors, 1)));
        return alerts.CriticalSensors >= k ? WarningLevel.Evacuate
            : alerts.WarningSensors >= k ? WarningLevel.Warning
            : alerts.WarningSensors > 0 ? WarningLevel.Watch
            : alerts.AlertedSensors > 0 ? WarningLevel.Advisory
            : WarningLevel.Normal;
    }

    /// <summary>The next derived state, from the current one and what the sensors ask for now.</summary>
    public static DerivedState Next(DerivedState current, WarningLevel requested, DateTimeOffset now, ZoneLevelOptions options)
    {
        if (requested > current.Level)
        {
            return new DerivedState(requested, now, null);
        }

        if (requested == current.Level)
        {
            return current with { LowerSince = null };
        }

        var lowerSince = current.LowerSince ?? now;
        var mayLower = now - lowerSince >= options.LowerAfter && now - current.Since >= options.MinimumDwell;
        return mayLower ? new DerivedState(requested, now, null) : current with { LowerSince = lowerSince };
    }
}

/// <summary>How many sensors of a zone have hazard alerts not yet resolved and not cleared, by severity (critical counts as warning too).</summary>
internal sealed record ZoneAlerts(int Sensors, int AlertedSensors, int WarningSensors, int CriticalSensors);

/// <summary>The derived level, since when it holds, and since when the sensors have asked for less (null: they have not).</summary>
internal sealed record DerivedState(WarningLevel Level, DateTimeOffset Since, DateTimeOffset? LowerSince);
