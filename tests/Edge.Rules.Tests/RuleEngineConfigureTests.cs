using Edge.Rules.Tests.Testing;

namespace Edge.Rules.Tests;

/// <summary>A configuration sync replaces rules and device kinds while alarms are open.</summary>
public sealed class RuleEngineConfigureTests
{
    private static EngineHarness.Result Configure(EngineHarness harness, RuleSet rules, IReadOnlyDictionary<string, string>? kinds = null) =>
        harness.Collect(output => harness.Engine.Configure(rules, kinds, output));

    [Fact]
    public void Configure_SameRules_ChangesNothing()
    {
        var harness = new EngineHarness(TestRules.Parse(TestRules.RiverLevel, TestRules.RiverRise));
        harness.Series("wl-1", "water_level_m", 0, 10, 2.6, 2.7);

        var result = Configure(harness, TestRules.Parse(TestRules.RiverLevel, TestRules.RiverRise));

        Assert.Empty(result.Transitions);
        Assert.Empty(harness.Read("wl-1", 20, "water_level_m", 2.8).Transitions);
    }

    [Fact]
    public void Configure_RuleRemoved_ClearsItsOpenAlarmAsWithdrawn()
    {
        var harness = new EngineHarness(TestRules.Parse(TestRules.RiverLevel));
        harness.Read("wl-1", 0, "water_level_m", 2.6);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = Configure(harness, TestRules.Parse(TestRules.LowBattery));

        var cleared = Assert.Single(result.Transitions);
        Assert.Equal((AlarmChange.Cleared, AlarmCause.RuleWithdrawn, EngineHarness.At(5)), (cleared.Change, cleared.Cause, cleared.Ts));
        Assert.Equal(AlarmSeverity.None, Assert.Single(result.Notifications).Severity);
    }

    [Fact]
    public void Configure_CriticalLevelLowered_EscalatesOnTheReadingsHeld()
    {
        var harness = new EngineHarness(TestRules.Parse(TestRules.RiverLevel));
        harness.Series("wl-1", "water_level_m", 0, 10, 2.6, 2.9);

        var result = Configure(harness, TestRules.Parse("""
            {"kind":"threshold","metric":"water_level_m","levels":[
              {"severity":"warning","raise":2.5,"clear":2.3},
              {"severity":"critical","raise":2.8,"clear":2.7}]}
            """));

        Assert.Equal(["Escalated critical 2.9@10"], result.Changes);
        Assert.Equal(AlarmSeverity.Critical, Assert.Single(result.Notifications).Severity);
    }

    [Fact]
    public void Configure_NewRuleOnAMetricAlreadyHeld_JudgesOnlyThePresent()
    {
        var harness = new EngineHarness(TestRules.Parse(TestRules.RiverRise));
        harness.Series("wl-1", "water_level_m", 0, 10, 3.5, 2.0, 2.0, 2.7);

        var result = Configure(harness, TestRules.Parse(TestRules.RiverRise, TestRules.RiverLevel));

        Assert.Equal(["Raised warning 2.7@30"], result.Changes);
        Assert.Empty(harness.Read("wl-1", 40, "water_level_m", 2.4).Transitions);
    }

    [Fact]
    public void Configure_DeviceKindBecomesKnown_KindRulesStartApplying()
    {
        var rules = TestRules.Parse("""
            {"kind":"threshold","metric":"water_level_m","deviceKinds":["river_level"],"levels":[{"severity":"warning","raise":2.5,"clear":2.3}]}
            """);
        var harness = new EngineHarness(rules);
        Assert.Empty(harness.Read("wl-1", 0, "water_level_m", 2.7).Transitions);

        Configure(harness, rules, new Dictionary<string, string> { ["wl-1"] = DeviceKinds.RiverLevel });

        Assert.Equal(["Raised warning 2.8@10"], harness.Read("wl-1", 10, "water_level_m", 2.8).Changes);
    }

    [Fact]
    public void Configure_DeviceKindChangesAway_ClearsTheAlarmsOfRulesThatNoLongerApply()
    {
        var rules = TestRules.Parse("""
            {"kind":"threshold","metric":"water_level_m","deviceKinds":["river_level"],"levels":[{"severity":"warning","raise":2.5,"clear":2.3}]}
            """);
        var harness = new EngineHarness(rules, kinds: new Dictionary<string, string> { ["wl-1"] = DeviceKinds.RiverLevel });
        harness.Read("wl-1", 0, "water_level_m", 2.7);

        var result = Configure(harness, rules, new Dictionary<string, string> { ["wl-1"] = DeviceKinds.SoilMoisture });

        Assert.Equal(AlarmCause.RuleWithdrawn, Assert.Single(result.Transitions).Cause);
    }

    [Fact]
    public void Forget_DeviceWithAnOpenAlarm_ClearsItAndReleasesEverything()
    {
        var harness = new EngineHarness(TestRules.Parse(TestRules.RiverLevel, TestRules.Silence));
        harness.Read("wl-1", 0, "water_level_m", 2.6);

        var result = harness.Collect(output => harness.Engine.Forget("wl-1", output));

        Assert.Equal(AlarmCause.RuleWithdrawn, Assert.Single(result.Transitions).Cause);
        Assert.Equal((0, 0L), (harness.Engine.Statistics.Devices, harness.Engine.Statistics.RetainedPoints));
        Assert.Empty(harness.TickAt(600).Transitions);
    }

    [Fact]
    public void Evaluate_RuleForListedDevices_AppliesToThemOnly()
    {
        var harness = new EngineHarness(TestRules.Parse("""
            {"kind":"threshold","metric":"water_level_m","devices":["wl-2"],"levels":[{"severity":"critical","raise":1.5,"clear":1.4}]}
            """));

        Assert.Empty(harness.Read("wl-1", 0, "water_level_m", 2.0).Transitions);
        Assert.Equal(["Raised critical 2@1"], harness.Read("wl-2", 1, "water_level_m", 2.0).Changes);
    }

    [Fact]
    public void Evaluate_SameNameForDifferentDevices_EachDeviceGetsItsOwnLevels()
    {
        var harness = new EngineHarness(TestRules.Parse(
            """{"kind":"threshold","metric":"water_level_m","devices":["wl-1"],"levels":[{"severity":"warning","raise":2.5,"clear":2.3}]}""",
            """{"kind":"threshold","metric":"water_level_m","devices":["wl-2"],"levels":[{"severity":"warning","raise":2.5,"clear":2.3},{"severity":"critical","raise":2.6,"clear":2.55}]}"""));

        Assert.Equal(AlarmSeverity.Warning, Assert.Single(harness.Read("wl-1", 0, "water_level_m", 2.7).Transitions).Severity);
        Assert.Equal(AlarmSeverity.Critical, Assert.Single(harness.Read("wl-2", 0, "water_level_m", 2.7).Transitions).Severity);
    }
}
