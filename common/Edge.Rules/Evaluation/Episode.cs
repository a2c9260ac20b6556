namespace Edge.Rules.Evaluation;

/// <summary>
/// One alarm as it was announced (raised, maybe changed, maybe cleared), in measurement time (UTC ticks).
/// Episodes of one device and rule never overlap; at most one is open, and it is the latest.
/// </summary>
internal sealed class Episode
{
    public const long Open = long.MaxValue;

    public long Raised { get; init; }

    /// <summary><see cref="Open"/> while the alarm is open.</summary>
    public long Cleared { get; set; } = Open;

    public AlarmSeverity Severity { get; set; }

    /// <summary>When the last announced change (raise, severity change, clear) happened.</summary>
    public long LastChange { get; set; }

    /// <summary>Value and threshold of the last announced change.</summary>
    public double Value { get; set; }

    public double Threshold { get; set; }

    public bool IsOpen => Cleared == Open;

    /// <summary>True when the alarm was announced open at some instant of [from, to] (closed interval).</summary>
    public bool Meets(long from, long to) => Raised <= to && from <= Cleared;
}
