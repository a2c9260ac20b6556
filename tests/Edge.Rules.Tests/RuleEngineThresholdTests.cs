using Edge.Rules.Tests.Testing;
using static Edge.Rules.Tests.Testing.EngineHarness;

namespace Edge.Rules.Tests;

public sealed class RuleEngineThresholdTests
{
    private readonly EngineHarness _river = new(TestRules.Parse(TestRules.RiverLevel));

    [Fact]
    public void Evaluate_LevelReachesRaise_RaisesWithValueThresholdAndMeasurementTime()
    {
        _river.Read("wl-1", 0, "water_level_m", 2.0);
        var result = _river.Read("wl-1", 10, "water_level_m", 2.6);

        var raised = Assert.Single(result.Transitions);
        Assert.Equal(AlarmChange.Raised, raised.Change);
        Assert.Equal(AlarmSeverity.Warning, raised.Severity);
        Assert.Equal("water_level_m>=2.5", raised.Rule);
        Assert.Equal("water_level_m", raised.Metric);
        Assert.Equal(2.6, raised.Value);
        Assert.Equal(2.5, raised.Threshold);
        Assert.Equal(At(10), raised.Ts);
        Assert.Equal("wl-1", raised.DeviceId);
        Assert.Equal(AlarmCategory.Hazard, raised.Category);
        Assert.Equal(AlarmCause.Condition, raised.Cause);
    }

    [Fact]
    public void Evaluate_ExactlyAtRaiseLevel_Raises()
    {
        var result = _river.Read("wl-1", 0, "water_level_m", 2.5);

        Assert.Equal(["Raised warning 2.5@0"], result.Changes);
    }

    [Fact]
    public void Evaluate_NoiseAroundRaiseLevel_RaisesOnceAndDoesNotFlap()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 5, 2.45, 2.55, 2.44, 2.56, 2.31, 2.52, 2.49, 2.30, 2.51, 2.4);

        Assert.Equal(["Raised warning 2.55@5"], result.Changes);
        Assert.Single(result.Notifications);
    }

    [Fact]
    public void Evaluate_BelowClearLevel_ClearsWithClearThreshold()
    {
        _river.Series("wl-1", "water_level_m", 0, 5, 2.6, 2.4);
        var result = _river.Read("wl-1", 10, "water_level_m", 2.29);

        var cleared = Assert.Single(result.Transitions);
        Assert.Equal(AlarmChange.Cleared, cleared.Change);
        Assert.Equal(AlarmSeverity.Warning, cleared.Severity);
        Assert.Equal(2.29, cleared.Value);
        Assert.Equal(2.3, cleared.Threshold);
        Assert.Equal(At(10), cleared.Ts);
    }

    [Fact]
    public void Evaluate_ExactlyAtClearLevel_StaysOpen()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 5, 2.6, 2.3);

        Assert.Equal(["Raised warning 2.6@0"], result.Changes);
    }

    [Fact]
    public void Evaluate_RaisedAgainAfterClear_IsANewAlarm()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 5, 2.6, 2.0, 2.7);

        Assert.Equal(["Raised warning 2.6@0", "Cleared warning 2@5", "Raised warning 2.7@10"], result.Changes);
    }

    [Fact]
    public void Evaluate_LowBatteryRuleBelow_RaisesAtOrBelowAndClearsAbove()
    {
        var battery = new EngineHarness(TestRules.Parse(TestRules.LowBattery));

        var result = battery.Series("rg-1", "battery_v", 0, 60, 3.6, 3.3, 3.35, 3.4, 3.41);

        Assert.Equal(["Raised warning 3.3@60", "Cleared warning 3.41@240"], result.Changes);
        Assert.Equal("battery_v<=3.3", result.Transitions[0].Rule);
        Assert.All(result.Transitions, t => Assert.Equal(AlarmCategory.DeviceHealth, t.Category));
    }

    [Fact]
    public void Evaluate_MagnitudeRule_RaisesEitherWay()
    {
        var tilt = new EngineHarness(TestRules.Parse("""
            {"kind":"threshold","metric":"tilt_x_deg","magnitude":true,"levels":[{"severity":"warning","raise":5,"clear":4}]}
            """));

        var result = tilt.Series("tm-1", "tilt_x_deg", 0, 10, 1, -5.5, -4.5, 0, 6);

        Assert.Equal(["Raised warning 5.5@10", "Cleared warning 0@30", "Raised warning 6@40"], result.Changes);
        Assert.Equal("|tilt_x_deg|>=5", result.Transitions[0].Rule);
    }

    [Fact]
    public void Evaluate_ReadingWithoutTheMetric_IsIgnoredByTheRule()
    {
        var result = _river.Read("wl-1", 0, "battery_v", 2.9);

        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void Evaluate_SeveralMetricsInOneReading_EachRuleSeesItsOwn()
    {
        var both = new EngineHarness(TestRules.Parse(TestRules.RiverLevel, TestRules.LowBattery));

        var result = both.Evaluate(new RuleReading("wl-1", At(0), At(0), new Dictionary<string, double>
        {
            ["water_level_m"] = 3.2,
            ["battery_v"] = 3.1,
        }));

        Assert.Equal(["water_level_m>=2.5", "battery_v<=3.3"], result.Transitions.Select(t => t.Rule));
        Assert.Equal([AlarmSeverity.Critical, AlarmSeverity.Warning], result.Transitions.Select(t => t.Severity));
    }

    [Fact]
    public void Evaluate_DevicesAreIndependent()
    {
        _river.Read("wl-1", 0, "water_level_m", 2.6);
        var result = _river.Read("wl-2", 1, "water_level_m", 2.0);

        Assert.Empty(result.Transitions);
        Assert.Equal(["Raised warning 2.7@2"], _river.Read("wl-2", 2, "water_level_m", 2.7).Changes);
    }

    [Fact]
    public void Evaluate_NonFiniteValue_IsIgnored()
    {
        var result = _river.Read("wl-1", 0, "water_level_m", double.NaN);

        Assert.Empty(result.Transitions);
        Assert.Equal(0, _river.Engine.Statistics.RetainedPoints);
    }
}
