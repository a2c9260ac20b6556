namespace Edge.Rules.Evaluation;

/// <summary>What one engine call shares with the tracks it drives: the clock, the lateness cutoff, where output goes.</summary>
internal sealed class EvaluationContext(RuleEngineOptions options, NotificationPolicy notifications, EngineCounters counters)
{
    public RuleEngineOptions Options { get; } = options;

    public NotificationPolicy Notifications { get; } = notifications;

    public EngineCounters Counters { get; } = counters;

    /// <summary>Clock time of this call (UTC ticks).</summary>
    public long Now { get; set; }

    /// <summary>Measurement time (UTC ticks) before which nothing new is announced: the reading is too late to raise.</summary>
    public long Cutoff { get; set; }

    public AlarmOutput Output { get; set; } = null!;
}

/// <summary>The engine's counters (see <see cref="RuleEngineStatistics"/>).</summary>
internal sealed class EngineCounters
{
    public long Readings;
    public long OutOfOrder;
    public long FromTheFuture;
    public long TooLate;
    public long NotRetained;
    public long Duplicates;
    public long DroppedByCap;
}
