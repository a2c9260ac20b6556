namespace Edge.Rules;

/// <summary>How much lateness the engine absorbs, how often it re-notifies, and how much it may remember.</summary>
public sealed class RuleEngineOptions
{
    /// <summary>
    /// How late (measurement time behind the newer of the clock and the device's newest reading) a reading may be and
    /// still raise the alarm it deserves. Older readings still fill windows but raise nothing. Memory grows with it.
    /// </summary>
    public TimeSpan MaxLateness { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The least time between two notifications of one alarm when the news is not worse (de-escalated, cleared).
    /// Worse news (raised, escalated beyond what people were told) is notified at once.
    /// </summary>
    public TimeSpan RenotifyInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How far ahead of the clock a measurement time may be. A reading further ahead (a device clock gone wrong) is
    /// ignored and counted: accepted, it would push the device's windows into the future, and every true reading after it
    /// would look too old to raise anything. Keep it above the gateway validator's own tolerance (5 min).
    /// </summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Most readings kept per device and rule, whatever the windows ask for: a runaway device cannot exhaust memory.
    /// Beyond it, lateness support goes first (readings older than the newest reading's window), the window itself last
    /// (counted in <see cref="RuleEngineStatistics.DroppedByCap"/>). 10,000 covers the default 24 h lateness plus a
    /// 24 h window at one reading every 17 s, and a 24 h window alone at one every 9 s.
    /// </summary>
    public int MaxPointsPerTrack { get; set; } = 10_000;

    internal void Validate()
    {
        if (MaxLateness < TimeSpan.Zero || MaxLateness > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLateness), MaxLateness, "between 0 and 7 days");
        }

        if (MaxFutureSkew < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFutureSkew), MaxFutureSkew, "not negative");
        }

        if (RenotifyInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RenotifyInterval), RenotifyInterval, "not negative");
        }

        if (MaxPointsPerTrack < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPointsPerTrack), MaxPointsPerTrack, "at least 16");
        }
    }
}
