namespace Edge.Cloud.Tests;

/// <summary>A clock that moves only when told (the testing package with FakeTimeProvider is not served here).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
