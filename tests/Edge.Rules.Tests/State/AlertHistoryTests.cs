using Edge.Rules.State;
using Edge.Telemetry.Contracts;
using static Edge.Rules.Tests.Testing.EngineHarness;

namespace Edge.Rules.Tests.State;

public sealed class AlertHistoryTests
{
    private static Alert Alert(string state, string severity, double minute, string rule = "water_level_m>=2.5") => new()
    {
        Id = $"gw-01:{minute}",
        GatewayId = "gw-01",
        DeviceId = "wl-1",
        Rule = rule,
        Metric = "water_level_m",
        Severity = severity,
        State = state,
        Value = 2.7,
        Threshold = 2.5,
        Ts = At(minute),
    };

    private static IReadOnlyList<(DateTimeOffset Raised, DateTimeOffset? Cleared, AlarmSeverity Severity)> Episodes(RuleEngineSnapshot snapshot, string rule = "water_level_m>=2.5") =>
        [.. snapshot.Alarms.Single(a => a.Rule == rule).Episodes.Select(e => (e.Raised, e.Cleared, e.Severity))];

    [Fact]
    public void ToSnapshot_RaiseEscalateClearRaise_GivesOneClosedAndOneOpenEpisode()
    {
        var snapshot = AlertHistory.ToSnapshot(
            [Alert("raised", "warning", 0), Alert("raised", "critical", 10), Alert("cleared", "critical", 20), Alert("raised", "warning", 30)], At(40));

        Assert.Equal([(At(0), At(20), AlarmSeverity.Critical), (At(30), (DateTimeOffset?)null, AlarmSeverity.Warning)], Episodes(snapshot));
        Assert.Equal(AlarmSeverity.Warning, snapshot.Alarms[0].NotifiedSeverity);
    }

    [Fact]
    public void ToSnapshot_PastEpisodeAnnouncedAfterTheOpenRaise_IsKeptApart()
    {
        var snapshot = AlertHistory.ToSnapshot(
            [Alert("raised", "warning", 30), Alert("raised", "warning", 5), Alert("raised", "critical", 6), Alert("cleared", "critical", 10), Alert("raised", "critical", 40)], At(45));

        Assert.Equal([(At(5), At(10), AlarmSeverity.Critical), (At(30), (DateTimeOffset?)null, AlarmSeverity.Critical)], Episodes(snapshot));
    }

    [Fact]
    public void ToSnapshot_HistoryStartingWithAClear_IgnoresTheClear()
    {
        var snapshot = AlertHistory.ToSnapshot([Alert("cleared", "warning", 0), Alert("raised", "warning", 10)], At(20));

        Assert.Equal([(At(10), (DateTimeOffset?)null, AlarmSeverity.Warning)], Episodes(snapshot));
    }

    [Fact]
    public void ToSnapshot_RulesAndDevicesAreSeparate()
    {
        var snapshot = AlertHistory.ToSnapshot([Alert("raised", "warning", 0), Alert("raised", "info", 1, "battery_v<=3.3")], At(20),
            new Dictionary<string, DateTimeOffset> { ["wl-1"] = At(19) });

        Assert.Equal(2, snapshot.Alarms.Count);
        Assert.Equal(("wl-1", At(19)), (snapshot.Devices[0].DeviceId, snapshot.Devices[0].LastHeard));
    }
}
