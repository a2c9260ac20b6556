using Edge.FirmwareSim.Publishing;

namespace Edge.FirmwareSim.Tests.Publishing;

public sealed class ReadingBufferTests
{
    [Fact]
    public void Add_WhenFull_DropsTheOldestAndCountsIt()
    {
        var counters = new DeviceCounters();
        var buffer = new ReadingBuffer(capacity: 3, counters);

        for (var seq = 1; seq <= 5; seq++)
        {
            buffer.Add(Reading(seq));
        }

        Assert.Equal(2, counters.Dropped);
        Assert.Equal([3L, 4L, 5L], TakeAll(buffer));
    }

    [Fact]
    public async Task WaitAsync_CompletedAndEmpty_ReturnsFalse()
    {
        var buffer = new ReadingBuffer(capacity: 3, new DeviceCounters());
        buffer.Add(Reading(1));
        buffer.Complete();

        Assert.True(await buffer.WaitAsync(CancellationToken.None));
        Assert.Equal([1L], TakeAll(buffer));
        Assert.False(await buffer.WaitAsync(CancellationToken.None));
    }

    private static PendingReading Reading(long seq) => new(seq, new byte[] { (byte)seq });

    private static List<long> TakeAll(ReadingBuffer buffer)
    {
        var taken = new List<long>();
        while (buffer.TryTake(out var reading))
        {
            taken.Add(reading.Seq);
        }

        return taken;
    }
}
