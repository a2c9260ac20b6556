namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>A clock that moves only when the test says (timestamps in TimeSpan ticks).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = TimeSpan.FromHours(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
