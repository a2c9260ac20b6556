using System.ComponentModel.DataAnnotations;

namespace Edge.Gateway.Hosting;

/// <summary>The systemd watchdog (section <c>Watchdog</c>); it only acts when systemd set <c>WATCHDOG_USEC</c>.</summary>
public sealed class SystemdWatchdogOptions
{
    public const string Section = "Watchdog";

    /// <summary>
    /// The journal writer must have come round its loop within this time for the gateway to count as alive. Its loop
    /// turns at least every <c>Alarms:TickInterval</c> (10 s) even when nothing arrives; a commit, a quota eviction or
    /// upkeep on a large journal on an SD card can hold it longer, hence the margin. Past it, the watchdog stops
    /// answering and systemd restarts the gateway after <c>WatchdogSec</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan StallLimit { get; set; } = TimeSpan.FromMinutes(2);
}
