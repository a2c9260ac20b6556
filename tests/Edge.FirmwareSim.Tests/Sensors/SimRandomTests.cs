using Edge.FirmwareSim.Sensors;

namespace Edge.FirmwareSim.Tests.Sensors;

public sealed class SimRandomTests
{
    [Fact]
    public void NextUInt64_FixedSeed_GivesTheSameSequenceOnEveryRun()
    {
        // Pinned: a change here changes what every seed publishes.
        var random = new SimRandom(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
    }

    [Fact]
    public void NextDoubleAndGaussian_ManyDraws_StayInTheirBounds()
    {
        var random = SimRandom.ForDevice(1, 0);

        for (var i = 0; i < 100_000; i++)
        {
            Assert.InRange(random.NextDouble(), 0, 0.9999999999999999);
            Assert.InRange(random.NextGaussian(), -4, 4);
        }
    }

    [Fact]
    public void ForDevice_NeighbouringDevices_GetUnrelatedStreams()
    {
        Assert.NotEqual(SimRandom.ForDevice(1, 0).NextUInt64(), SimRandom.ForDevice(1, 1).NextUInt64());
        Assert.NotEqual(SimRandom.ForDevice(1, 0).NextUInt64(), SimRandom.ForDevice(2, 0).NextUInt64());
    }
}
