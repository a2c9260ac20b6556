using Edge.Cloud.Realtime;

namespace Edge.Cloud.Tests.Realtime;

public sealed class ReadingThrottleTests
{
    private static readonly Guid Tenant = Guid.NewGuid();
    private static readonly long Second = TimeSpan.TicksPerSecond;

    private static LiveReading Reading(string device, int n) =>
        new(device, "gw:" + n, DateTimeOffset.UnixEpoch.AddSeconds(n), new Dictionary<string, double> { ["x"] = n });

    [Fact]
    public void Offer_FirstReading_GoesAtOnce()
    {
        var throttle = new ReadingThrottle(TimeSpan.FromSeconds(1));

        Assert.NotNull(throttle.Offer(Tenant, Reading("a", 1), 0));
    }

    [Fact]
    public void Offer_BurstWithinInterval_HoldsOnlyTheNewestUntilTheIntervalEnds()
    {
        var throttle = new ReadingThrottle(TimeSpan.FromSeconds(1));
        throttle.Offer(Tenant, Reading("a", 1), 0);

        Assert.Null(throttle.Offer(Tenant, Reading("a", 2), Second / 10));
        Assert.Null(throttle.Offer(Tenant, Reading("a", 3), Second / 5));
        Assert.Empty(throttle.TakeDue(Second / 2));
        var due = throttle.TakeDue(Second);

        Assert.Equal("gw:3", Assert.Single(due).Reading.ReadingId);
    }

    [Fact]
    public void Offer_LateReadingWithinInterval_DoesNotReplaceANewerPendingOne()
    {
        var throttle = new ReadingThrottle(TimeSpan.FromSeconds(1));
        throttle.Offer(Tenant, Reading("a", 1), 0);
        throttle.Offer(Tenant, Reading("a", 5), 1);

        throttle.Offer(Tenant, Reading("a", 4), 2);

        Assert.Equal("gw:5", Assert.Single(throttle.TakeDue(Second)).Reading.ReadingId);
    }

    [Fact]
    public void Offer_DifferentDevices_AreThrottledIndependently()
    {
        var throttle = new ReadingThrottle(TimeSpan.FromSeconds(1));
        throttle.Offer(Tenant, Reading("a", 1), 0);

        Assert.NotNull(throttle.Offer(Tenant, Reading("b", 1), 1));
    }

    [Fact]
    public void Offer_AfterQuietInterval_GoesAtOnceAgain()
    {
        var throttle = new ReadingThrottle(TimeSpan.FromSeconds(1));
        throttle.Offer(Tenant, Reading("a", 1), 0);
        throttle.TakeDue(2 * Second);

        Assert.NotNull(throttle.Offer(Tenant, Reading("a", 2), 2 * Second));
    }
}
