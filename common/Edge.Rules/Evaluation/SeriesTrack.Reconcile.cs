namespace Edge.Rules.Evaluation;

/// <summary>
/// Announces what the truth holds that was not announced yet, never retracting anything:
/// <list type="number">
/// <item>a true episode that no announced alarm met is announced (raised, changes, and cleared if it is over), from its
/// first reading at or after the lateness cutoff: the late reading raises the alarm it deserves, with its own time;</item>
/// <item>a true episode that an announced alarm met is that alarm: nothing new (a replayed episode raises nothing),
/// unless it is still going while every alarm that met it was cleared: then it is raised again from the last clear;</item>
/// <item>the open announced alarm follows the truth of the newest reading: escalated, de-escalated or cleared.</item>
/// </list>
/// </summary>
internal sealed partial class SeriesTrack
{
    private void Reconcile(int from, EvaluationContext context)
    {
        var count = _points.Count;
        var j = from;
        if (_points[j].Level == 0 && j > 0 && _points[j - 1].Level > 0)
        {
            j--; // the true episode that this reading now ends
        }

        if (_points[j].Level > 0)
        {
            j = Math.Min(j, _points.LowerBound(_points[j].RunStart));
        }

        while (j < count)
        {
            if (_points[j].Level == 0)
            {
                j++;
                continue;
            }

            var first = j;
            j = Math.Max(j, from); // readings of this run before `from` belong to it by construction
            while (j < count && _points[j].Level > 0)
            {
                j++;
            }

            ConsiderEpisode(first, j - 1, j < count ? j : -1, context);
        }

        FollowNewest(context);
    }

    /// <summary>A true episode: readings <paramref name="first"/>..<paramref name="last"/> in alarm, cleared by reading <paramref name="clear"/> (-1: still open).</summary>
    private void ConsiderEpisode(int first, int last, int clear, EvaluationContext context)
    {
        var from = _points[first].Ts;
        var to = clear >= 0 ? _points[clear].Ts : Episode.Open;
        var (any, anyOpen, latestClear) = Alarm.Meeting(from, to);
        var notBefore = context.Cutoff;
        if (any)
        {
            if (clear >= 0 || anyOpen)
            {
                return;
            }

            // Still going although every alarm that met it was cleared (late readings changed the truth): raise again,
            // from the last clear on (at the same instant if the clearing reading itself is now in alarm).
            notBefore = Math.Max(notBefore, latestClear);
        }

        var start = Math.Max(first, _points.LowerBound(notBefore));
        if (start <= last)
        {
            Announce(start, last, clear, context.Output);
        }
    }

    private void Announce(int start, int last, int clear, AlarmOutput output)
    {
        var current = clear < 0;
        var level = _points[start].Level;
        var episode = Alarm.Raise(_points[start].Ts, SeverityOf(level), ValueAt(start, level), _levels[level - 1].Raise, current, output);
        for (var k = start + 1; k <= last; k++)
        {
            var next = _points[k].Level;
            if (next != level)
            {
                Alarm.Change(episode, _points[k].Ts, SeverityOf(next), ValueAt(k, next), ChangeThreshold(episode.Severity, next), current, output);
                level = next;
            }
        }

        if (clear >= 0)
        {
            Alarm.Clear(episode, _points[clear].Ts, ValueAt(clear, 1), _levels[0].Clear, AlarmCause.Condition, current: false, output);
        }
    }

    /// <summary>The open alarm takes the severity the newest reading gives, from the first reading of the final stretch at that level.</summary>
    private void FollowNewest(EvaluationContext context)
    {
        var open = Alarm.Open;
        var end = _points.Count - 1;
        if (open is null || _points[end].Ts < open.LastChange)
        {
            return; // nothing open, or the readings are older than what was announced (a replay after a restart)
        }

        var level = _points[end].Level;
        if (SeverityOf(level) == open.Severity)
        {
            return;
        }

        var lowest = _points.LowerBound(open.LastChange);
        var start = end;
        while (start > lowest && _points[start - 1].Level == level)
        {
            start--;
        }

        var ts = _points[start].Ts;
        if (level == 0)
        {
            Alarm.Clear(open, ts, ValueAt(start, 1), _levels[0].Clear, AlarmCause.Condition, current: true, context.Output);
        }
        else
        {
            Alarm.Change(open, ts, SeverityOf(level), ValueAt(start, level), ChangeThreshold(open.Severity, level), current: true, context.Output);
        }
    }

    /// <summary>Escalating: the new level's raise level; de-escalating: the clear level of the level just above the new one.</summary>
    private double ChangeThreshold(AlarmSeverity from, int to) =>
        SeverityOf(to) > from ? _levels[to - 1].Raise
        : to < _levels.Length ? _levels[to].Clear
        : _levels[to - 1].Clear;

    /// <summary>The condition at reading <paramref name="k"/>, or the next finite one (a rate can be unknown), or the level itself.</summary>
    private double ValueAt(int k, int level)
    {
        for (var i = k; i < _points.Count; i++)
        {
            if (double.IsFinite(_points[i].Condition))
            {
                return _points[i].Condition;
            }
        }

        return _levels[Math.Max(level, 1) - 1].Raise;
    }
}
