using Edge.FirmwareSim.Publishing;

namespace Edge.FirmwareSim.Tests.Publishing;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Minimum = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Maximum = TimeSpan.FromSeconds(30);

    [Fact]
    public void Delay_ConsecutiveFailures_DoublesWithJitterWithinBounds()
    {
        var backoff = new ReconnectBackoff(Minimum, Maximum, new Random(1));

        for (var failures = 0; failures < 50; failures++)
        {
            var ceiling = Math.Min(Maximum.TotalSeconds, Minimum.TotalSeconds * Math.Pow(2, failures));
            for (var draw = 0; draw < 100; draw++)
            {
                Assert.InRange(backoff.Delay(failures).TotalSeconds, Math.Max(Minimum.TotalSeconds, ceiling / 2), ceiling);
            }
        }
    }

    [Fact]
    public void Delay_ManyDevicesAfterTheSameFailures_AreSpreadOut()
    {
        var backoff = new ReconnectBackoff(Minimum, Maximum, new Random(2));

        var delays = Enumerable.Range(0, 100).Select(_ => backoff.Delay(5)).ToList();

        Assert.True(delays.Distinct().Count() > 90);
        Assert.InRange(delays.Max() - delays.Min(), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8));
    }
}
