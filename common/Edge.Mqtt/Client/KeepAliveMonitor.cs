namespace Edge.Mqtt.Client;

internal enum KeepAliveAction
{
    Wait,
    SendPing,
    PeerDead,
}

/// <summary>
/// Keep-alive decisions (section 3.1.2.10), apart from timers so they can be tested with plain timestamps. A PINGREQ
/// goes out when nothing was sent for a keep-alive period (the broker's rule) or nothing was received for one (so a
/// client that only publishes still notices a dead broker). The peer is dead when nothing at all arrives within half a
/// period after a PINGREQ: a silent peer is found within 1.5 periods of its last word. While the read loop is paused
/// by back-pressure nothing can arrive, so no verdict is given then and resuming counts as having heard from the peer.
/// </summary>
internal sealed class KeepAliveMonitor
{
    private readonly long _frequency;
    private long _period;
    private long _answerWithin;
    private long _lastSent;
    private long _lastReceived;
    private long _pingSentAt;
    private int _paused;

    public KeepAliveMonitor(TimeSpan period, TimeProvider timeProvider)
    {
        _frequency = timeProvider.TimestampFrequency;
        _period = (long)(period.TotalSeconds * _frequency);
        _answerWithin = _period / 2;
        TimeProvider = timeProvider;
        _lastSent = _lastReceived = timeProvider.GetTimestamp();
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>Replaces the period (MQTT 5: the broker's Server Keep Alive); call before the keep-alive loop starts.</summary>
    public void SetPeriod(TimeSpan period)
    {
        _period = (long)(period.TotalSeconds * _frequency);
        _answerWithin = _period / 2;
    }

    public bool Enabled => _period > 0;

    public bool IsPaused => Volatile.Read(ref _paused) != 0;

    public void MarkSent() => Volatile.Write(ref _lastSent, TimeProvider.GetTimestamp());

    public void MarkReceived() => Volatile.Write(ref _lastReceived, TimeProvider.GetTimestamp());

    public void Pause() => Volatile.Write(ref _paused, 1);

    public void Resume()
    {
        MarkReceived();
        Volatile.Write(ref _paused, 0);
    }

    /// <summary>What to do at <paramref name="now"/> (a timestamp of the time provider); for Wait, how long.</summary>
    public KeepAliveAction Evaluate(long now, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        var paused = IsPaused;
        var lastReceived = Volatile.Read(ref _lastReceived);
        if (_pingSentAt != 0)
        {
            if (paused || lastReceived > _pingSentAt)
            {
                _pingSentAt = 0;
            }
            else if (now - _pingSentAt >= _answerWithin)
            {
                return KeepAliveAction.PeerDead;
            }
            else
            {
                wait = ToTimeSpan(_pingSentAt + _answerWithin - now);
                return KeepAliveAction.Wait;
            }
        }

        var due = Volatile.Read(ref _lastSent) + _period;
        if (!paused)
        {
            due = Math.Min(due, lastReceived + _period);
        }

        if (now >= due)
        {
            // The ping counts as sent now, so that a paused read loop (which excuses the answer) does not ping again
            // before the writer has flushed it.
            _pingSentAt = Math.Max(now, 1);
            Volatile.Write(ref _lastSent, now);
            return KeepAliveAction.SendPing;
        }

        wait = ToTimeSpan(due - now);
        return KeepAliveAction.Wait;
    }

    private TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromSeconds((double)ticks / _frequency);
}
