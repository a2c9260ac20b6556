namespace Edge.Rules.Evaluation;

/// <summary>
/// Decides when people are told about an alarm: worse news than they were last told at once; better news (de-escalated,
/// cleared) at most once per interval, the rest deferred to <see cref="Tick"/>; the same news never twice. A flapping
/// alarm therefore notifies at most a few times per interval, while an escalation is never delayed.
/// </summary>
internal sealed class NotificationPolicy(TimeSpan interval)
{
    private readonly HashSet<AlarmRecord> _pending = [];
    private readonly List<AlarmRecord> _due = [];

    public int PendingCount => _pending.Count;

    /// <summary>Call after anything may have changed the record's current state.</summary>
    public void Update(AlarmRecord record, long now, AlarmOutput output)
    {
        var current = record.Current;
        if (current == record.NotifiedSeverity)
        {
            Settle(record);
            return;
        }

        if (current > record.NotifiedSeverity || now - record.NotifiedAt >= interval.Ticks)
        {
            Notify(record, current, now, output);
            return;
        }

        if (!record.NoticePending)
        {
            record.NoticePending = true;
            _pending.Add(record);
        }
    }

    /// <summary>Sends deferred notices whose interval has passed.</summary>
    public void Tick(long now, AlarmOutput output)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        _due.Clear();
        foreach (var record in _pending)
        {
            if (now - record.NotifiedAt >= interval.Ticks)
            {
                _due.Add(record);
            }
        }

        foreach (var record in _due)
        {
            Update(record, now, output);
        }

        _due.Clear();
    }

    /// <summary>The record's rule is gone: tell people it is over if they were told of it, and stop tracking it.</summary>
    public void Withdraw(AlarmRecord record, long now, AlarmOutput output)
    {
        if (record.NotifiedSeverity != AlarmSeverity.None)
        {
            Notify(record, AlarmSeverity.None, now, output);
        }

        Settle(record);
    }

    private void Notify(AlarmRecord record, AlarmSeverity current, long now, AlarmOutput output)
    {
        var (value, threshold, ts) = record.StateCause;
        output.Add(new AlarmNotification(record.DeviceId, record.Rule.Name, record.Rule.Metric, current, record.NotifiedSeverity,
            value, threshold, new DateTimeOffset(ts, TimeSpan.Zero), record.Rule.Category));
        record.NotifiedSeverity = current;
        record.NotifiedAt = now;
        Settle(record);
    }

    private void Settle(AlarmRecord record)
    {
        if (record.NoticePending)
        {
            record.NoticePending = false;
            _pending.Remove(record);
        }
    }
}
