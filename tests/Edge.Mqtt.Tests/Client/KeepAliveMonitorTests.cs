using Edge.Mqtt.Client;
using Edge.Mqtt.Tests.Infrastructure;

namespace Edge.Mqtt.Tests.Client;

public sealed class KeepAliveMonitorTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();
    private readonly KeepAliveMonitor _monitor;

    public KeepAliveMonitorTests()
    {
        _monitor = new KeepAliveMonitor(Period, _time);
    }

    [Fact]
    public void Evaluate_FreshConnection_WaitsOnePeriod()
    {
        Assert.Equal(KeepAliveAction.Wait, Evaluate(out var wait));
        Assert.Equal(Period, wait);
    }

    [Fact]
    public void Evaluate_NothingSentOrReceivedForPeriod_SendsPing()
    {
        _time.Advance(Period);

        Assert.Equal(KeepAliveAction.SendPing, Evaluate(out _));
    }

    [Fact]
    public void Evaluate_PingUnanswered_PeerDeadAtHalfPeriod()
    {
        _time.Advance(Period);
        Assert.Equal(KeepAliveAction.SendPing, Evaluate(out _));

        Assert.Equal(KeepAliveAction.Wait, Evaluate(out var wait));
        Assert.Equal(Period / 2, wait);

        _time.Advance(Period / 2 - TimeSpan.FromMilliseconds(1));
        Assert.Equal(KeepAliveAction.Wait, Evaluate(out _));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(KeepAliveAction.PeerDead, Evaluate(out _));
    }

    [Fact]
    public void Evaluate_PingAnswered_WaitsForNextPeriod()
    {
        _time.Advance(Period);
        Evaluate(out _);
        _monitor.MarkSent();
        _time.Advance(TimeSpan.FromSeconds(1));

        _monitor.MarkReceived();

        Assert.Equal(KeepAliveAction.Wait, Evaluate(out var wait));
        Assert.Equal(Period - TimeSpan.FromSeconds(1), wait);
    }

    [Fact]
    public void Evaluate_OnlySending_StillPingsWhenNothingReceivedForPeriod()
    {
        // A publisher that keeps sending never goes idle on the send side; a dead broker must still be noticed.
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(Period / 10);
            _monitor.MarkSent();
        }

        Assert.Equal(KeepAliveAction.SendPing, Evaluate(out _));
        _time.Advance(Period / 2);
        Assert.Equal(KeepAliveAction.PeerDead, Evaluate(out _));
    }

    [Fact]
    public void Evaluate_OnlyReceiving_PingsWhenNothingSentForPeriod()
    {
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(Period / 10);
            _monitor.MarkReceived();
        }

        Assert.Equal(KeepAliveAction.SendPing, Evaluate(out _));
    }

    [Fact]
    public void Evaluate_SilentPeer_IsDeadWithinOneAndAHalfPeriods()
    {
        var start = _time.GetTimestamp();
        KeepAliveAction action;
        do
        {
            action = Evaluate(out var wait);
            _time.Advance(wait);
        }
        while (action != KeepAliveAction.PeerDead);

        Assert.Equal(Period * 1.5, _time.GetElapsedTime(start, _time.GetTimestamp()));
    }

    [Fact]
    public void Evaluate_PausedByBackPressure_NeverDeclaresDeadButKeepsPinging()
    {
        _monitor.Pause();
        var pings = 0;
        for (var i = 0; i < 100; i++)
        {
            var action = Evaluate(out var wait);
            Assert.NotEqual(KeepAliveAction.PeerDead, action);
            if (action == KeepAliveAction.SendPing)
            {
                pings++;
                _monitor.MarkSent();
            }

            _time.Advance(wait == TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : wait);
        }

        Assert.True(pings >= 10, $"only {pings} pings while paused");
    }

    [Fact]
    public void Evaluate_PingWhilePaused_DoesNotRepeatBeforeFlush()
    {
        _monitor.Pause();
        _time.Advance(Period);

        Assert.Equal(KeepAliveAction.SendPing, Evaluate(out _));
        Assert.Equal(KeepAliveAction.Wait, Evaluate(out var wait));
        Assert.Equal(Period, wait);
    }

    [Fact]
    public void Resume_CountsAsHearingFromPeer()
    {
        _time.Advance(Period);
        Assert.Equal(KeepAliveAction.SendPing, Evaluate(out _));
        _monitor.Pause();
        _time.Advance(Period * 5);

        _monitor.Resume();

        // The ping sent before the pause is excused; nothing was sent for five periods, so a new ping is due, whose
        // answer is then awaited half a period.
        Assert.Equal(KeepAliveAction.SendPing, Evaluate(out _));
        Assert.Equal(KeepAliveAction.Wait, Evaluate(out var wait));
        Assert.Equal(Period / 2, wait);
    }

    [Fact]
    public void Enabled_ZeroPeriod_IsFalse()
    {
        Assert.False(new KeepAliveMonitor(TimeSpan.Zero, _time).Enabled);
        Assert.True(_monitor.Enabled);
    }

    private KeepAliveAction Evaluate(out TimeSpan wait) => _monitor.Evaluate(_time.GetTimestamp(), out wait);
}
