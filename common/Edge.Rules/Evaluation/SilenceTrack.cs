namespace Edge.Rules.Evaluation;

/// <summary>
/// A silence rule on one device, judged on the gateway's clock: raised by <see cref="Check"/> once nothing has been
/// received for the rule's intervals (counted from when the engine could first listen, so that a gateway back from a
/// power cut does not call every device silent), cleared by the next reading received.
/// </summary>
internal sealed class SilenceTrack(string deviceId, Rule rule)
{
    public AlarmRecord Alarm { get; } = new(deviceId, rule);

    public Rule Rule => Alarm.Rule;

    private long SilentTicks => Rule.ReportInterval.Ticks * Rule.Intervals;

    public void Check(long lastHeard, long listeningSince, EvaluationContext context)
    {
        if (Alarm.Open is not null || lastHeard == long.MinValue)
        {
            return;
        }

        var since = Math.Max(lastHeard, listeningSince);
        var silent = context.Now - since;
        if (silent < SilentTicks)
        {
            return;
        }

        var level = Rule.Levels[0];
        Alarm.Raise(since + SilentTicks, level.Severity, Seconds(silent), level.Raise, current: true, context.Output);
        context.Notifications.Update(Alarm, context.Now, context.Output);
    }

    /// <summary>A reading received at <paramref name="receivedAt"/>; <paramref name="previous"/> is when the one before it was.</summary>
    public void Heard(long receivedAt, long previous, EvaluationContext context)
    {
        if (Alarm.Open is not { } open || receivedAt <= previous)
        {
            return;
        }

        var gap = previous == long.MinValue ? 0 : Seconds(receivedAt - previous);
        Alarm.Clear(open, Math.Max(receivedAt, open.LastChange), gap, Rule.Levels[0].Clear, AlarmCause.Condition, current: true, context.Output);
        Alarm.ForgetClosedBefore(long.MaxValue);
        context.Notifications.Update(Alarm, context.Now, context.Output);
    }

    public void Reconfigure(Rule rule) => Alarm.Rule = rule;

    private static double Seconds(long ticks) => Math.Round(ticks / (double)TimeSpan.TicksPerSecond, 3);
}
