using Edge.Rules.Tests.Testing;
using static Edge.Rules.Tests.Testing.EngineHarness;

namespace Edge.Rules.Tests;

/// <summary>Alarm storms are damped: worse news at once, better news at most every renotify interval (30 min here).</summary>
public sealed class RuleEngineNotificationTests
{
    /// <summary>No hysteresis at all (clear = raise): the worst case for flapping.</summary>
    private const string Twitchy = """
        {"kind":"threshold","metric":"water_level_m","levels":[
          {"severity":"warning","raise":2.5,"clear":2.5},
          {"severity":"critical","raise":3.0,"clear":3.0}]}
        """;

    private readonly EngineHarness _river = new(TestRules.Parse(Twitchy));

    private static string Describe(AlarmNotification n) =>
        $"{n.Severity.ToString().ToLowerInvariant()} (was {n.PreviousSeverity.ToString().ToLowerInvariant()})@{RuleNames.Number((n.Ts - T0).TotalMinutes)}";

    [Fact]
    public void Evaluate_Raised_NotifiesAtOnce()
    {
        var notice = Assert.Single(_river.Read("wl-1", 0, "water_level_m", 2.6).Notifications);

        Assert.Equal("warning (was none)@0", Describe(notice));
        Assert.Equal(("wl-1", "water_level_m>=2.5", 2.6, 2.5), (notice.DeviceId, notice.Rule, notice.Value, notice.Threshold));
    }

    [Fact]
    public void Evaluate_Escalated_NotifiesAtOnceEvenWithinTheInterval()
    {
        _river.Read("wl-1", 0, "water_level_m", 2.6);

        Assert.Equal("critical (was warning)@1", Describe(Assert.Single(_river.Read("wl-1", 1, "water_level_m", 3.1).Notifications)));
    }

    [Fact]
    public void Evaluate_FlappingAroundTheRaiseLevel_NotifiesOnceThenTheAllClearAfterTheInterval()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 2, 2.6, 2.4, 2.6, 2.4, 2.6, 2.4, 2.6, 2.4);

        Assert.Equal(8, result.Transitions.Count);
        Assert.Equal(["warning (was none)@0"], result.Notifications.Select(Describe));
        Assert.Empty(_river.TickAt(29).Notifications);
        Assert.Equal(["none (was warning)@14"], _river.TickAt(30).Notifications.Select(Describe));
    }

    [Fact]
    public void Evaluate_FlappingBetweenSeverities_NeverRenotifiesTheSameSeverityWithinTheInterval()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 3, 3.1, 2.9, 3.1, 2.9, 3.1, 2.9);

        Assert.Equal(["critical (was none)@0"], result.Notifications.Select(Describe));
        Assert.Equal(["warning (was critical)@15"], _river.TickAt(31).Notifications.Select(Describe));
        Assert.Empty(_river.TickAt(90).Notifications);
    }

    [Fact]
    public void Evaluate_ClearedAfterTheInterval_NotifiesAtOnce()
    {
        _river.Read("wl-1", 0, "water_level_m", 2.6);

        Assert.Equal(["none (was warning)@45"], _river.Read("wl-1", 45, "water_level_m", 2.0).Notifications.Select(Describe));
    }

    [Fact]
    public void Tick_BackToWhatPeopleWereTold_CancelsTheDeferredNotice()
    {
        _river.Series("wl-1", "water_level_m", 0, 5, 2.6, 2.0, 2.6);

        Assert.Empty(_river.TickAt(120).Notifications);
    }

    [Fact]
    public void Evaluate_ZeroInterval_NotifiesEveryChange()
    {
        var chatty = new EngineHarness(TestRules.Parse(Twitchy), new RuleEngineOptions { RenotifyInterval = TimeSpan.Zero });

        var result = chatty.Series("wl-1", "water_level_m", 0, 1, 2.6, 2.4, 2.6);

        Assert.Equal(3, result.Notifications.Count);
    }
}
