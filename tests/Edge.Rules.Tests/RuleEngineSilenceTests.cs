using Edge.Rules.State;
using Edge.Rules.Tests.Testing;
using static Edge.Rules.Tests.Testing.EngineHarness;

namespace Edge.Rules.Tests;

public sealed class RuleEngineSilenceTests
{
    private readonly EngineHarness _silence = new(TestRules.Parse(TestRules.Silence));

    [Fact]
    public void Tick_BeforeThreeIntervals_RaisesNothing()
    {
        _silence.Read("rg-1", 0, "rain_mm", 0);

        Assert.Empty(_silence.TickAt(29.9).Transitions);
    }

    [Fact]
    public void Tick_AfterThreeIntervals_RaisesWhenTheSilenceBegan()
    {
        _silence.Read("rg-1", 0, "rain_mm", 0);

        var result = _silence.TickAt(31);

        var raised = Assert.Single(result.Transitions);
        Assert.Equal("silent>=3x600s", raised.Rule);
        Assert.Equal(Rule.SilenceMetric, raised.Metric);
        Assert.Equal(At(30), raised.Ts);
        Assert.Equal(31 * 60, raised.Value);
        Assert.Equal(1800, raised.Threshold);
        Assert.Equal(AlarmCategory.DeviceHealth, raised.Category);
        Assert.Single(result.Notifications);
    }

    [Fact]
    public void Tick_WhileSilent_DoesNotRaiseAgain()
    {
        _silence.Read("rg-1", 0, "rain_mm", 0);
        _silence.TickAt(31);

        Assert.True(_silence.TickAt(60).Transitions.Count == 0 && _silence.TickAt(600).Transitions.Count == 0);
    }

    [Fact]
    public void Evaluate_DeviceComesBack_ClearsWithTheLengthOfTheSilence()
    {
        _silence.Read("rg-1", 0, "rain_mm", 0);
        _silence.TickAt(31);

        var result = _silence.Read("rg-1", 45, "rain_mm", 0);

        Assert.Equal(["Cleared warning 2700@45"], result.Changes);
    }

    [Fact]
    public void Evaluate_DeviceComesBackSoonAfterTheNotice_AllClearWaitsForTheRenotifyInterval()
    {
        _silence.Read("rg-1", 0, "rain_mm", 0);
        _silence.TickAt(31);

        Assert.Empty(_silence.Read("rg-1", 45, "rain_mm", 0).Notifications);
        Assert.Empty(_silence.TickAt(60).Notifications);
        var allClear = Assert.Single(_silence.TickAt(61).Notifications);
        Assert.Equal((AlarmSeverity.None, AlarmSeverity.Warning, At(45)), (allClear.Severity, allClear.PreviousSeverity, allClear.Ts));
    }

    [Fact]
    public void Evaluate_ReadingReplayedWithAnOldReceiveTime_DoesNotClear()
    {
        _silence.Read("rg-1", 0, "rain_mm", 0);
        _silence.TickAt(31);

        var result = _silence.Evaluate(new RuleReading("rg-1", At(0), At(0), new Dictionary<string, double> { ["rain_mm"] = 0 }));

        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void Tick_DeviceNeverHeard_IsNotSilent()
    {
        _silence.Read("rg-1", 0, "rain_mm", 0);

        Assert.All(_silence.TickAt(120).Transitions, t => Assert.Equal("rg-1", t.DeviceId));
    }

    [Fact]
    public void Tick_WhileNotListening_NobodyBecomesSilent()
    {
        _silence.Read("rg-1", 0, "rain_mm", 0);
        _silence.Engine.SetListening(false);

        Assert.Empty(_silence.TickAt(120).Transitions);

        _silence.Engine.SetListening(true);
        Assert.Empty(_silence.TickAt(149).Transitions);
        Assert.Equal(At(150), Assert.Single(_silence.TickAt(151).Transitions).Ts);
    }

    [Fact]
    public void Tick_AfterARestartFromAnOldSnapshot_CountsSilenceFromTheRestart()
    {
        var restarted = new EngineHarness(TestRules.Parse(TestRules.Silence), start: At(600));
        restarted.Collect(output => restarted.Engine.ImportState(
            new RuleEngineSnapshot { Devices = [new DeviceSnapshot("rg-1", At(0))] }, output));

        Assert.Empty(restarted.TickAt(601).Transitions);
        Assert.Equal(At(630), Assert.Single(restarted.TickAt(631).Transitions).Ts);
    }

    [Fact]
    public void Tick_SilenceRuleForAKind_OnlyWatchesThatKind()
    {
        var kinds = new Dictionary<string, string> { ["rg-1"] = DeviceKinds.RainGauge, ["wl-1"] = DeviceKinds.RiverLevel };
        var harness = new EngineHarness(TestRules.Parse("""
            {"kind":"silence","deviceKinds":["river_level"],"reportIntervalS":300,"intervals":2,"severity":"critical"}
            """), kinds: kinds);
        harness.Read("rg-1", 0, "rain_mm", 0);
        harness.Read("wl-1", 0, "water_level_m", 1);

        var raised = Assert.Single(harness.TickAt(11).Transitions);

        Assert.Equal(("wl-1", AlarmSeverity.Critical, "silent>=2x300s"), (raised.DeviceId, raised.Severity, raised.Rule));
    }
}
