using Edge.Risk.Features;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Features;

public sealed class RainfallEventsTests
{
    private static readonly TimeSpan SixHours = TimeSpan.FromHours(6);
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Fact]
    public void Segment_TwoStormsSevenHoursApart_TwoEventsWithDurationAndIntensity()
    {
        // Reports every 10 min for 16 h: rain 2 mm a report for the first 2 h, dry 7 h, then 1 mm a report for 3 h.
        var values = Enumerable.Range(0, 96).Select(i => i < 12 ? 2.0 : i is >= 54 and < 72 ? 1.0 : 0.0);
        var events = RainfallEvents.Segment(Every(10, values), SixHours, TenMinutes, At(1100));

        Assert.Equal(2, events.Count);
        Assert.Equal(2, events[0].DurationHours, 6);
        Assert.Equal(24, events[0].DepthMm);
        Assert.Equal(12, events[0].MeanIntensityMmPerHour, 6);
        Assert.False(events[0].Ongoing);
        Assert.Equal(3, events[1].DurationHours, 6);
        Assert.Equal(6, events[1].MeanIntensityMmPerHour, 6);
        Assert.False(events[1].Ongoing);
    }

    [Fact]
    public void Segment_DryStretchShorterThanTheGap_OneEvent()
    {
        var values = Enumerable.Range(0, 60).Select(i => i < 12 || i >= 40 ? 1.0 : 0.0);
        var events = RainfallEvents.Segment(Every(10, values), SixHours, TenMinutes, At(59 * 10));

        var single = Assert.Single(events);
        Assert.Equal(32, single.DepthMm);
        Assert.True(single.Ongoing);
    }

    [Fact]
    public void Segment_RainFromTheFirstReportKept_TruncatedOnlyThatEvent()
    {
        var values = Enumerable.Range(0, 96).Select(i => i < 6 || i >= 60 ? 1.0 : 0.0);
        var events = RainfallEvents.Segment(Every(10, values), SixHours, TenMinutes, At(950));

        Assert.Equal([true, false], events.Select(e => e.Truncated));
    }

    [Fact]
    public void Segment_NoRain_NoEvent()
    {
        Assert.Empty(RainfallEvents.Segment(Every(10, new double[50]), SixHours, TenMinutes, At(500)));
    }
}
