using Edge.FirmwareSim.Publishing;

namespace Edge.FirmwareSim.Tests.Publishing;

public sealed class ReadingScheduleTests
{
    [Fact]
    public void DueAfterStart_FourDevicesAtFourPerSecond_EachEverySecondStaggeredByAQuarter()
    {
        var schedule = new ReadingSchedule(devices: 4, rate: 4);

        Assert.Equal(TimeSpan.FromSeconds(1), schedule.Interval);
        Assert.Equal(TimeSpan.Zero, schedule.DueAfterStart(0, 1));
        Assert.Equal(TimeSpan.FromSeconds(0.25), schedule.DueAfterStart(1, 1));
        Assert.Equal(TimeSpan.FromSeconds(0.75), schedule.DueAfterStart(3, 1));
        Assert.Equal(TimeSpan.FromSeconds(2.5), schedule.DueAfterStart(2, 3));
    }

    [Fact]
    public void DueAfterStart_AnyFleet_SpreadsMessagesEvenlyAtTheTotalRate()
    {
        var schedule = new ReadingSchedule(devices: 7, rate: 3.5);

        var dueTimes = Enumerable.Range(1, 5)
            .SelectMany(seq => Enumerable.Range(0, 7).Select(device => schedule.DueAfterStart(device, seq)))
            .Order()
            .ToList();

        var expectedGap = TimeSpan.FromSeconds(1 / 3.5);
        Assert.All(dueTimes.Zip(dueTimes.Skip(1), (first, second) => second - first), gap => Assert.InRange(gap.Ticks, expectedGap.Ticks - 1, expectedGap.Ticks + 1));
    }
}
