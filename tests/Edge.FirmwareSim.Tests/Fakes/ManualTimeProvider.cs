namespace Edge.FirmwareSim.Tests.Fakes;

/// <summary>
/// A clock that moves only when the test says so. Timers (and so Task.Delay, PeriodicTimer, WaitAsync and timed
/// CancellationTokenSources built on this provider) fire in due order as <see cref="Advance"/> passes their due time,
/// with the clock set to that due time while they fire.
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        var target = GetUtcNow() + by;
        while (NextDue(target) is { } timer)
        {
            timer.Fire();
        }
    }

    /// <summary>
    /// Advances in small steps, letting the code under test run between them, until <paramref name="done"/> holds.
    /// Fails when that takes more than <paramref name="limit"/> of simulated time (or half a minute of real time).
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan step, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        var realDeadline = Environment.TickCount64 + 30_000;
        while (!done())
        {
            if (advanced > limit || Environment.TickCount64 > realDeadline)
            {
                throw new TimeoutException($"not done after {advanced} of simulated time");
            }

            Advance(step);
            advanced += step;
            await Task.Delay(1);
        }
    }

    /// <summary>
    /// Waits (in real time) until the code under test has set a timer, then moves the clock straight to it and fires it.
    /// For tests where exactly one timer is pending at a time, such as a reconnect loop's backoff delay.
    /// </summary>
    public async Task JumpToNextTimerAsync()
    {
        var realDeadline = Environment.TickCount64 + 5_000;
        DateTimeOffset? due;
        while ((due = NextDueTime()) is null)
        {
            if (Environment.TickCount64 > realDeadline)
            {
                throw new TimeoutException("no timer was set");
            }

            await Task.Delay(1);
        }

        Advance(due.Value - GetUtcNow());
    }

    internal void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = _now + dueTime;
                timer.Period = period;
                _timers.Add(timer);
            }
        }
    }

    private DateTimeOffset? NextDueTime()
    {
        lock (_gate)
        {
            return _timers.Count == 0 ? null : _timers.Min(timer => timer.DueAt);
        }
    }

    private ManualTimer? NextDue(DateTimeOffset target)
    {
        lock (_gate)
        {
            var next = _timers.Where(timer => timer.DueAt <= target).MinBy(timer => timer.DueAt);
            if (next is null)
            {
                _now = target;
                return null;
            }

            _now = next.DueAt > _now ? next.DueAt : _now;
            _timers.Remove(next);
            if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
            {
                next.DueAt += next.Period;
                _timers.Add(next);
            }

            return next;
        }
    }

    internal sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Schedule(this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
