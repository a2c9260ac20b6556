using Edge.Rules.Tests.Testing;

namespace Edge.Rules.Tests;

public sealed class RuleEngineSeverityTests
{
    private readonly EngineHarness _river = new(TestRules.Parse(TestRules.RiverLevel));

    [Fact]
    public void Evaluate_RisesAndFalls_OneAlarmEscalatesAndDeEscalates()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 10, 2.0, 2.6, 3.1, 2.9, 2.7, 2.2);

        Assert.Equal(["Raised warning 2.6@10", "Escalated critical 3.1@20", "DeEscalated warning 2.7@40", "Cleared warning 2.2@50"], result.Changes);
        Assert.Equal([2.5, 3.0, 2.8, 2.3], result.Transitions.Select(t => t.Threshold));
        Assert.Single(result.Transitions, t => t.Change == AlarmChange.Raised);
    }

    [Fact]
    public void Evaluate_StraightToCritical_RaisesCritical()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 10, 2.0, 3.2);

        var raised = Assert.Single(result.Transitions);
        Assert.Equal(AlarmSeverity.Critical, raised.Severity);
        Assert.Equal(3.0, raised.Threshold);
    }

    [Fact]
    public void Evaluate_CriticalStraightToNothing_ClearsWithTheLowestClearLevel()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 10, 3.2, 1.0);

        Assert.Equal(["Raised critical 3.2@0", "Cleared critical 1@10"], result.Changes);
        Assert.Equal(2.3, result.Transitions[1].Threshold);
    }

    [Fact]
    public void Evaluate_NoiseAroundCriticalLevel_DoesNotFlapBetweenSeverities()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 5, 3.05, 2.95, 3.02, 2.85, 3.01, 2.99);

        Assert.Equal(["Raised critical 3.05@0"], result.Changes);
    }

    [Fact]
    public void ToAlert_SeverityChange_IsARaisedAlertOfTheSameRule()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 10, 2.6, 3.1, 2.0);

        var alerts = result.Transitions.Select((t, i) => t.ToAlert($"gw-01:{i}", "gw-01")).ToArray();

        Assert.Equal(["raised", "raised", "cleared"], alerts.Select(a => a.State));
        Assert.Equal(["warning", "critical", "critical"], alerts.Select(a => a.Severity));
        Assert.All(alerts, a => Assert.Equal("water_level_m>=2.5", a.Rule));
        Assert.Equal(3.0, alerts[1].Threshold);
        Assert.Equal("edge", alerts[0].Origin);
        Assert.Equal("gw-01:1", alerts[1].Id);
    }
}
