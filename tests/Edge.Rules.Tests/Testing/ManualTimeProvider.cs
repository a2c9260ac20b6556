namespace Edge.Rules.Tests.Testing;

/// <summary>A clock that moves only when told (the testing package with FakeTimeProvider is not served here).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    /// <summary>Moves the clock forward to <paramref name="time"/>; never back.</summary>
    public void MoveTo(DateTimeOffset time)
    {
        if (time > _now)
        {
            _now = time;
        }
    }
}
