namespace Edge.Rules.Evaluation;

/// <summary>
/// What has been announced for one device and rule: the episodes (raised, changed, cleared; in measurement time), and
/// what people were last told (for <see cref="NotificationPolicy"/>). Transitions are only ever added, never retracted.
/// </summary>
internal sealed class AlarmRecord(string deviceId, Rule rule)
{
    private readonly List<Episode> _episodes = [];

    public string DeviceId { get; } = deviceId;

    public Rule Rule { get; set; } = rule;

    public IReadOnlyList<Episode> Episodes => _episodes;

    public Episode? Open => _episodes.Count > 0 && _episodes[^1].IsOpen ? _episodes[^1] : null;

    public AlarmSeverity Current => Open?.Severity ?? AlarmSeverity.None;

    public AlarmSeverity NotifiedSeverity { get; set; }

    /// <summary>Clock time (UTC ticks) of the last notification; 0 when never.</summary>
    public long NotifiedAt { get; set; }

    public bool NoticePending { get; set; }

    /// <summary>Value, threshold and time of the transition that produced the current state (for notifications).</summary>
    public (double Value, double Threshold, long Ts) StateCause { get; private set; }

    public bool IsEmpty => _episodes.Count == 0 && NotifiedSeverity == AlarmSeverity.None;

    public Episode Raise(long ts, AlarmSeverity severity, double value, double threshold, bool current, AlarmOutput output)
    {
        var episode = new Episode { Raised = ts, Severity = severity, LastChange = ts, Value = value, Threshold = threshold };
        var at = _episodes.Count;
        while (at > 0 && _episodes[at - 1].Raised > ts)
        {
            at--;
        }

        _episodes.Insert(at, episode);
        Announce(AlarmChange.Raised, severity, value, threshold, ts, AlarmCause.Condition, current, output);
        return episode;
    }

    public void Change(Episode episode, long ts, AlarmSeverity severity, double value, double threshold, bool current, AlarmOutput output)
    {
        var change = severity > episode.Severity ? AlarmChange.Escalated : AlarmChange.DeEscalated;
        episode.Severity = severity;
        Touch(episode, ts, value, threshold);
        Announce(change, severity, value, threshold, ts, AlarmCause.Condition, current, output);
    }

    public void Clear(Episode episode, long ts, double value, double threshold, AlarmCause cause, bool current, AlarmOutput output)
    {
        episode.Cleared = ts;
        Touch(episode, ts, value, threshold);
        Announce(AlarmChange.Cleared, episode.Severity, value, threshold, ts, cause, current, output);
    }

    /// <summary>The severity announced just before <paramref name="ts"/>: where a track with no earlier reading starts.</summary>
    public AlarmSeverity SeverityBefore(long ts)
    {
        for (var i = _episodes.Count - 1; i >= 0; i--)
        {
            var episode = _episodes[i];
            if (episode.Raised < ts && ts <= episode.Cleared)
            {
                return episode.Severity;
            }

            if (episode.Cleared < ts)
            {
                break;
            }
        }

        return AlarmSeverity.None;
    }

    /// <summary>Whether any announced episode was open at some instant of [from, to]; whether one of those is still open; the latest clear among them.</summary>
    public (bool Any, bool AnyOpen, long LatestClear) Meeting(long from, long to)
    {
        bool any = false, anyOpen = false;
        var latestClear = long.MinValue;
        for (var i = _episodes.Count - 1; i >= 0 && _episodes[i].Cleared >= from; i--)
        {
            var episode = _episodes[i];
            if (episode.Meets(from, to))
            {
                any = true;
                anyOpen |= episode.IsOpen;
                latestClear = Math.Max(latestClear, episode.Cleared);
            }
        }

        return (any, anyOpen, latestClear);
    }

    /// <summary>Forgets closed episodes that ended before <paramref name="ts"/>: no reading still held can touch them.</summary>
    public void ForgetClosedBefore(long ts)
    {
        var count = 0;
        while (count < _episodes.Count && !_episodes[count].IsOpen && _episodes[count].Cleared < ts)
        {
            count++;
        }

        if (count > 0)
        {
            _episodes.RemoveRange(0, count);
        }
    }

    public void Restore(IEnumerable<Episode> episodes, AlarmSeverity notifiedSeverity, long notifiedAt)
    {
        _episodes.Clear();
        _episodes.AddRange(episodes.OrderBy(episode => episode.Raised));
        for (var i = 0; i < _episodes.Count - 1; i++)
        {
            // Only the latest may be open; an earlier "open" one (a damaged snapshot) ends where the next begins.
            if (_episodes[i].IsOpen)
            {
                _episodes[i].Cleared = Math.Max(_episodes[i].LastChange, _episodes[i + 1].Raised - 1);
            }
        }

        NotifiedSeverity = notifiedSeverity;
        NotifiedAt = notifiedAt;
        if (_episodes.Count > 0)
        {
            var last = _episodes[^1];
            StateCause = (last.Value, last.Threshold, last.LastChange);
        }
    }

    public AlarmTransition Transition(AlarmChange change, AlarmSeverity severity, double value, double threshold, long ts, AlarmCause cause) =>
        new(DeviceId, Rule.Name, Rule.Metric, change, severity, value, threshold, new DateTimeOffset(ts, TimeSpan.Zero), Rule.Category, cause);

    private static void Touch(Episode episode, long ts, double value, double threshold)
    {
        episode.LastChange = Math.Max(episode.LastChange, ts);
        episode.Value = value;
        episode.Threshold = threshold;
    }

    private void Announce(AlarmChange change, AlarmSeverity severity, double value, double threshold, long ts, AlarmCause cause, bool current, AlarmOutput output)
    {
        if (current)
        {
            StateCause = (value, threshold, ts);
        }

        output.Add(Transition(change, severity, value, threshold, ts, cause));
    }
}
