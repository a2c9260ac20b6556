using Edge.Rules.Evaluation;

namespace Edge.Rules.Tests.Evaluation;

public sealed class TrackBufferTests
{
    private static long[] Times(TrackBuffer buffer) => [.. Enumerable.Range(0, buffer.Count).Select(i => buffer[i].Ts)];

    private static void Insert(TrackBuffer buffer, long ts)
    {
        var index = buffer.LowerBound(ts);
        buffer.InsertAt(index, ts, ts * 10);
        buffer.Sum(index) = ts;
    }

    [Fact]
    public void InsertAt_AnyOrder_KeepsMeasurementOrderAndColumnsAligned()
    {
        var buffer = new TrackBuffer(sums: true, rates: false);
        foreach (var ts in new long[] { 50, 10, 40, 20, 30, 60, 0 })
        {
            Insert(buffer, ts);
        }

        Assert.Equal([0, 10, 20, 30, 40, 50, 60], Times(buffer));
        Assert.All(Enumerable.Range(0, buffer.Count), i => Assert.Equal((buffer[i].Ts, buffer[i].Ts * 10.0), (buffer.Sum(i), buffer[i].Value)));
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(99, 3)]
    public void LowerBound_FindsTheFirstAtOrAfter(long ts, int index)
    {
        var buffer = new TrackBuffer(sums: true, rates: false);
        foreach (var t in new long[] { 0, 10, 20 })
        {
            Insert(buffer, t);
        }

        Assert.Equal(index, buffer.LowerBound(ts));
    }

    [Fact]
    public void RemoveFront_ThenManyAppends_ReusesTheArraysInOrder()
    {
        var buffer = new TrackBuffer(sums: true, rates: true);
        for (long ts = 0; ts < 10_000; ts++)
        {
            Insert(buffer, ts);
            buffer.Rate(buffer.Count - 1) = new RateSums(ts, 0, 0, 0);
            if (buffer.Count > 100)
            {
                buffer.RemoveFront(1);
            }
        }

        Assert.Equal(Enumerable.Range(9_900, 100).Select(i => (long)i), Times(buffer));
        Assert.Equal(9_900.0, buffer.Rate(0).T);
        Assert.Equal(9_999, buffer.Sum(99));
        Assert.Equal((9_900, 9_999), (buffer.FirstTs, buffer.LastTs));
    }
}
