using Edge.Rules.State;
using Edge.Rules.Tests.Testing;
using static Edge.Rules.Tests.Testing.EngineHarness;

namespace Edge.Rules.Tests;

/// <summary>The gateway restarts often (power cuts): an alarm already raised must not be raised again.</summary>
public sealed class RuleEngineStateTests
{
    private static readonly RuleSet River = TestRules.Parse(TestRules.RiverLevel);

    private static EngineHarness Restart(EngineHarness before, RuleSet? rules = null, double atMinute = 0)
    {
        var json = before.Engine.ExportState().ToJson();
        var after = new EngineHarness(rules ?? River, start: atMinute == 0 ? before.Clock.GetUtcNow() : At(atMinute));
        after.Collect(output => after.Engine.ImportState(RuleEngineSnapshot.FromJson(json), output));
        return after;
    }

    [Fact]
    public void ImportState_OpenAlarm_IsNotRaisedAgainAndKeepsItsHysteresis()
    {
        var before = new EngineHarness(River);
        before.Series("wl-1", "water_level_m", 0, 10, 2.6, 2.7);

        var after = Restart(before);

        Assert.Empty(after.Transitions);
        Assert.Empty(after.Notifications);
        Assert.Empty(after.Read("wl-1", 20, "water_level_m", 2.8).Transitions);
        Assert.Empty(after.Read("wl-1", 30, "water_level_m", 2.4).Transitions);
        Assert.Equal(["Cleared warning 2@40"], after.Read("wl-1", 40, "water_level_m", 2.0).Changes);
    }

    [Fact]
    public void ImportState_OpenAlarm_EscalatesFromItsSeverity()
    {
        var before = new EngineHarness(River);
        before.Read("wl-1", 0, "water_level_m", 2.6);

        var after = Restart(before);

        Assert.Equal(["Escalated critical 3.1@10"], after.Read("wl-1", 10, "water_level_m", 3.1).Changes);
    }

    [Fact]
    public void ImportState_ThenJournalReplay_AnnouncesNothingTwice()
    {
        (double Minute, double Level)[] journal =
            [(0, 2.0), (10, 2.6), (20, 3.1), (30, 2.0), (40, 2.0), (50, 2.6), (60, 2.7)];
        var before = new EngineHarness(River);
        foreach (var (minute, level) in journal)
        {
            before.Read("wl-1", minute, "water_level_m", level);
        }

        var after = Restart(before, atMinute: 75);
        foreach (var (minute, level) in journal)
        {
            after.ReadLate("wl-1", minute, "water_level_m", level);
        }

        Assert.Empty(after.Transitions);
        Assert.Empty(after.Notifications);
        Assert.Equal(["Cleared warning 2@80"], after.Read("wl-1", 80, "water_level_m", 2.0).Changes);
    }

    [Fact]
    public void ImportState_ThenJournalReplay_RaisesWhatTheCrashPreventedFromBeingRaised()
    {
        var before = new EngineHarness(River);
        before.Series("wl-1", "water_level_m", 0, 10, 2.0, 2.1, 2.2);

        var after = Restart(before, atMinute: 40);
        var result = after.ReadLate("wl-1", 0, "water_level_m", 2.0)
            .Concat(after.ReadLate("wl-1", 10, "water_level_m", 2.1))
            .Concat(after.ReadLate("wl-1", 20, "water_level_m", 2.2))
            .Concat(after.ReadLate("wl-1", 30, "water_level_m", 2.7));

        Assert.Equal(["Raised warning 2.7@30"], result.Changes);
        Assert.Single(result.Notifications);
    }

    [Fact]
    public void ImportState_RuleNoLongerConfigured_ClearsItsOpenAlarm()
    {
        var before = new EngineHarness(River);
        before.Read("wl-1", 0, "water_level_m", 2.6);

        var after = Restart(before, TestRules.Parse(TestRules.LowBattery));

        var cleared = Assert.Single(after.Transitions);
        Assert.Equal((AlarmChange.Cleared, AlarmCause.RuleWithdrawn, "water_level_m>=2.5"), (cleared.Change, cleared.Cause, cleared.Rule));
        Assert.Equal(AlarmSeverity.None, Assert.Single(after.Notifications).Severity);
    }

    [Fact]
    public void ImportState_NotificationNeverSent_IsSentNow()
    {
        var after = new EngineHarness(River, start: At(5));
        var snapshot = new RuleEngineSnapshot
        {
            Alarms =
            [
                new AlarmSnapshot
                {
                    DeviceId = "wl-1",
                    Rule = "water_level_m>=2.5",
                    Metric = "water_level_m",
                    Episodes = [new EpisodeSnapshot { Raised = At(0), Severity = AlarmSeverity.Critical, LastChange = At(0), Value = 3.2, Threshold = 3 }],
                },
            ],
        };

        var result = after.Collect(output => after.Engine.ImportState(snapshot, output));

        Assert.Empty(result.Transitions);
        Assert.Equal((AlarmSeverity.Critical, 3.2), (Assert.Single(result.Notifications).Severity, result.Notifications[0].Value));
    }

    [Fact]
    public void ExportState_ToJsonAndBack_KeepsEverything()
    {
        var before = new EngineHarness(TestRules.Parse(TestRules.RiverLevel, TestRules.Silence));
        before.Series("wl-1", "water_level_m", 0, 10, 2.6, 2.0, 3.2);
        var snapshot = before.Engine.ExportState();

        var json = snapshot.ToJson();
        var again = RuleEngineSnapshot.FromJson(json);

        Assert.Equal(json, again.ToJson());
        Assert.Equal([("wl-1", At(20))], again.Devices.Select(d => (d.DeviceId, d.LastHeard)));
        var alarm = Assert.Single(again.Alarms);
        Assert.Equal(AlarmSeverity.Critical, alarm.NotifiedSeverity);
        Assert.Equal([At(10), null], alarm.Episodes.Select(e => e.Cleared));
        Assert.Contains("\"severity\": \"critical\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportState_FromAlertHistory_DoesNotRaiseAgain()
    {
        var before = new EngineHarness(River);
        before.Series("wl-1", "water_level_m", 0, 10, 2.0, 2.0, 2.0, 2.6, 3.1);
        before.ReadLate("wl-1", 5, "water_level_m", 2.9);
        var alerts = before.Transitions.Select((t, i) => t.ToAlert($"gw-01:{i}", "gw-01")).ToArray();
        var snapshot = AlertHistory.ToSnapshot(alerts, At(45), new Dictionary<string, DateTimeOffset> { ["wl-1"] = At(40) });

        var after = new EngineHarness(River, start: At(45));
        after.Collect(output => after.Engine.ImportState(snapshot, output));
        foreach (var (minute, level) in new[] { (0, 2.0), (5, 2.9), (10, 2.0), (20, 2.0), (30, 2.6), (40, 3.1) })
        {
            after.ReadLate("wl-1", minute, "water_level_m", level);
        }

        Assert.Empty(after.Transitions);
        Assert.Empty(after.Notifications);
        Assert.Equal(["DeEscalated warning 2.7@50"], after.Read("wl-1", 50, "water_level_m", 2.7).Changes);
    }
}
