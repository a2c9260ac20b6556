using Edge.Rules.Tests.Testing;
using static Edge.Rules.Tests.Testing.EngineHarness;

namespace Edge.Rules.Tests;

public sealed class DefaultRulesTests
{
    [Fact]
    public void RuleSet_Validates_WithTheDocumentedNames()
    {
        Assert.Equal(
            [
                "battery_v<=3.3 for 30m", "silent>=3x3600s", "rain_mm[1h]>=15", "rain_mm[24h]>=100",
                "water_level_m rate[1h]>=0.5/h for 10m", "displacement_mm |rate[3h]|>=1/h", "tilt_x_deg |rate[3h]|>=0.1/h", "tilt_y_deg |rate[3h]|>=0.1/h",
            ],
            DefaultRules.RuleSet.Rules.Select(r => r.Name));
    }

    [Fact]
    public void RuleSet_NeverRaisesCriticalForAHazard()
    {
        Assert.All(DefaultRules.RuleSet.Rules.Where(r => r.Category == AlarmCategory.Hazard),
            rule => Assert.All(rule.Levels, level => Assert.Equal(AlarmSeverity.Warning, level.Severity)));
    }

    [Fact]
    public void RuleSet_AppliesToEveryDeviceWithTheMetric()
    {
        Assert.All(DefaultRules.RuleSet.Rules, rule => Assert.True(rule.AppliesTo("any-device", null)));
    }

    [Fact]
    public void RuleSet_EveryRuleSaysWhereItsNumbersComeFrom()
    {
        Assert.All(DefaultRules.Document.Rules, rule => Assert.False(string.IsNullOrWhiteSpace(rule.Description)));
        Assert.Contains(DefaultRules.Document.Rules, rule => rule.Description!.Contains("Caine (1980)", StringComparison.Ordinal));
        Assert.Contains(DefaultRules.Document.Rules, rule => rule.Description!.Contains("Uchimura et al. (2015", StringComparison.Ordinal));
    }

    [Fact]
    public void RuleSet_RainThresholds_FollowCaine1980()
    {
        static double CaineMillimetres(double hours) => 14.82 * Math.Pow(hours, -0.39) * hours;

        var hourly = DefaultRules.RuleSet.Rules.Single(r => r.Name == "rain_mm[1h]>=15");
        var daily = DefaultRules.RuleSet.Rules.Single(r => r.Name == "rain_mm[24h]>=100");

        Assert.Equal(CaineMillimetres(1), hourly.Levels[0].Raise, tolerance: 0.5);
        Assert.Equal(CaineMillimetres(24), daily.Levels[0].Raise, tolerance: 5.0);
    }

    [Fact]
    public void RuleSet_ToJsonAndBack_IsTheSame()
    {
        Assert.True(RuleSet.TryParse(DefaultRules.RuleSet.ToJson(), out var again, out var errors), string.Join("; ", errors));

        Assert.Equal(DefaultRules.RuleSet.Rules.Select(r => r.Name), again.Rules.Select(r => r.Name));
    }

    [Fact]
    public void Evaluate_AnOrdinaryDayOfEveryKindOfDevice_RaisesNothing()
    {
        var harness = new EngineHarness(DefaultRules.RuleSet);
        var random = new Random(7);
        for (var minute = 0; minute < 24 * 60; minute += 10)
        {
            harness.Clock.MoveTo(At(minute));
            harness.Evaluate(new RuleReading("rg-1", At(minute), At(minute), new Dictionary<string, double>
            {
                ["rain_mm"] = minute is > 600 and < 720 ? 1.2 : 0, ["battery_v"] = 3.6 - (minute / 100_000.0),
            }));
            harness.Evaluate(new RuleReading("wl-1", At(minute), At(minute), new Dictionary<string, double>
            {
                ["water_level_m"] = 1.8 + (0.3 * Math.Sin(minute / 300.0)) + (random.NextDouble() * 0.01), ["battery_v"] = 12.6,
            }));
            harness.Evaluate(new RuleReading("tm-1", At(minute), At(minute), new Dictionary<string, double>
            {
                ["tilt_x_deg"] = 1.5 + (0.01 * Math.Sin(minute / 230.0)), ["tilt_y_deg"] = -0.3, ["displacement_mm"] = 12 + (random.NextDouble() * 0.5), ["battery_v"] = 3.55,
            }));
            harness.Collect(output => harness.Engine.Tick(output));
        }

        Assert.Empty(harness.Transitions);
    }

    [Fact]
    public void Evaluate_DyingBatteryAndThenSilence_AreDeviceHealthWarnings()
    {
        var harness = new EngineHarness(DefaultRules.RuleSet);
        harness.Series("rg-1", "battery_v", 0, 15, 3.5, 3.4, 3.3, 3.25, 3.2, 3.15);
        harness.TickAt(75 + (3 * 60) + 1);

        Assert.Equal(["battery_v<=3.3 for 30m", "silent>=3x3600s"], harness.Transitions.Select(t => t.Rule));
        Assert.All(harness.Transitions, t => Assert.Equal((AlarmSeverity.Warning, AlarmCategory.DeviceHealth), (t.Severity, t.Category)));
        Assert.Equal(At(60), harness.Transitions[0].Ts);
    }
}
