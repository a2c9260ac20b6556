using Edge.Rules.Tests.Testing;
using static Edge.Rules.Tests.Testing.EngineHarness;

namespace Edge.Rules.Tests;

/// <summary>Rules run on measurement time: a late reading raises the alarm it deserves, a replayed one nothing new.</summary>
public sealed class RuleEngineLatenessTests
{
    private readonly EngineHarness _river = new(TestRules.Parse(TestRules.RiverLevel));

    [Fact]
    public void Evaluate_LateReadingOfAnOverEpisode_RaisesWithItsOwnTimeAndClearsAtTheNextReading()
    {
        _river.Series("wl-1", "water_level_m", 0, 10, [.. Enumerable.Repeat(2.0, 13)]);

        var result = _river.ReadLate("wl-1", 65, "water_level_m", 2.7);

        Assert.Equal(["Raised warning 2.7@65", "Cleared warning 2@70"], result.Changes);
        Assert.Empty(result.Notifications);
    }

    [Fact]
    public void Evaluate_LateReadingOfAnEpisodeStillGoing_RaisesWithItsOwnTimeAndNotifies()
    {
        _river.Series("wl-1", "water_level_m", 0, 10, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.4, 2.4, 2.45);

        var result = _river.ReadLate("wl-1", 65, "water_level_m", 2.7);

        Assert.Equal(["Raised warning 2.7@65"], result.Changes);
        var notice = Assert.Single(result.Notifications);
        Assert.Equal((AlarmSeverity.Warning, At(65)), (notice.Severity, notice.Ts));
    }

    [Fact]
    public void Evaluate_LateReadingInsideTheOpenAlarm_AddsNothing()
    {
        _river.Series("wl-1", "water_level_m", 0, 10, 2.6, 2.7, 2.8);

        Assert.Empty(_river.ReadLate("wl-1", 15, "water_level_m", 2.9).Transitions);
    }

    [Fact]
    public void Evaluate_LateCriticalReadingInsideAWarning_EscalatesOnlyIfItIsStillCritical()
    {
        _river.Series("wl-1", "water_level_m", 0, 10, 2.6, 2.7, 2.9);

        var result = _river.ReadLate("wl-1", 15, "water_level_m", 3.2);

        Assert.Equal(["Escalated critical 3.2@15"], result.Changes);
    }

    [Fact]
    public void Evaluate_LateCriticalPeakAlreadyOverInsideAWarning_IsNotAnnounced()
    {
        _river.Series("wl-1", "water_level_m", 0, 10, 2.6, 2.7, 2.7);

        Assert.Empty(_river.ReadLate("wl-1", 15, "water_level_m", 3.2).Transitions);
    }

    [Fact]
    public void Evaluate_LateLowReading_ClearsTheOpenAlarmWhereTheLevelFell()
    {
        _river.Series("wl-1", "water_level_m", 0, 10, 2.6, 2.4);

        var result = _river.ReadLate("wl-1", 5, "water_level_m", 2.0);

        Assert.Equal(["Cleared warning 2@5"], result.Changes);
    }

    [Fact]
    public void Evaluate_LateReadingBeforeAnOpenAlarmOfTheSameEvent_IsThatAlarm()
    {
        _river.Series("wl-1", "water_level_m", 0, 10, 2.0, 2.4, 2.6);

        Assert.Empty(_river.ReadLate("wl-1", 15, "water_level_m", 2.7).Transitions);
    }

    [Fact]
    public void Evaluate_LateReadingOfAnEarlierSeparateEvent_IsItsOwnPastAlarm()
    {
        _river.Series("wl-1", "water_level_m", 0, 10, 2.0, 2.0, 2.0, 2.6);

        var result = _river.ReadLate("wl-1", 5, "water_level_m", 2.8);

        Assert.Equal(["Raised warning 2.8@5", "Cleared warning 2@10"], result.Changes);
        Assert.Empty(result.Notifications);
    }

    [Fact]
    public void Evaluate_ReplayOfAFinishedEpisode_RaisesNothing()
    {
        double[] episode = [2.0, 2.6, 3.1, 2.7, 2.0, 2.0];
        _river.Series("wl-1", "water_level_m", 0, 10, episode);
        _river.Clock.Advance(TimeSpan.FromHours(3));

        var replay = new Result([], []);
        for (var i = episode.Length - 1; i >= 0; i--)
        {
            replay = replay.Concat(_river.ReadLate("wl-1", i * 10, "water_level_m", episode[i]));
        }

        Assert.Empty(replay.Transitions);
        Assert.Empty(replay.Notifications);
    }

    [Fact]
    public void Evaluate_ReplayWithSlightlyDifferentValues_RaisesNothing()
    {
        _river.Series("wl-1", "water_level_m", 0, 10, 2.0, 2.6, 2.7, 2.0);

        var replay = _river.ReadLate("wl-1", 10, "water_level_m", 2.65).Concat(_river.ReadLate("wl-1", 20, "water_level_m", 2.75));

        Assert.Empty(replay.Transitions);
    }

    [Fact]
    public void Evaluate_ReadingOlderThanTheLatenessAllowance_RaisesNothing()
    {
        _river.Read("wl-1", 0, "water_level_m", 2.0);
        _river.Clock.MoveTo(At((25 * 60) + 1));
        _river.Read("wl-1", 25 * 60, "water_level_m", 2.0);

        var result = _river.ReadLate("wl-1", 30, "water_level_m", 3.5);

        Assert.Empty(result.Transitions);
        Assert.Equal(1, _river.Engine.Statistics.TooLate);
    }

    [Fact]
    public void Evaluate_FirstReadingsOfADeviceAreOld_StillJudgedAgainstTheClock()
    {
        _river.Clock.MoveTo(At(48 * 60));

        var result = _river.ReadLate("wl-1", 0, "water_level_m", 3.5);

        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void Evaluate_BufferedReadingsOfADeviceBackFromAnOutage_RaiseWithTheirOwnTimes()
    {
        _river.Read("wl-1", 0, "water_level_m", 2.0);
        _river.Clock.MoveTo(At(300));

        var result = new Result([], []);
        foreach (var (minute, level) in new[] { (60, 2.2), (120, 2.6), (180, 3.1), (240, 2.2) })
        {
            result = result.Concat(_river.ReadLate("wl-1", minute, "water_level_m", level));
        }

        Assert.Equal(["Raised warning 2.6@120", "Escalated critical 3.1@180", "Cleared critical 2.2@240"], result.Changes);
    }

    [Fact]
    public void Evaluate_ReadingFromTheFuture_IsIgnoredAndDoesNotBlindTheDevice()
    {
        _river.Read("wl-1", 0, "water_level_m", 2.0);

        Assert.Empty(_river.ReadLate("wl-1", 10 * 365 * 24 * 60, "water_level_m", 2.0).Transitions);
        Assert.Equal(["Raised warning 2.7@10"], _river.Read("wl-1", 10, "water_level_m", 2.7).Changes);
        Assert.Equal(1, _river.Engine.Statistics.FromTheFuture);
    }

    [Fact]
    public void Evaluate_ShortLatenessAllowance_IsHonoured()
    {
        var strict = new EngineHarness(TestRules.Parse(TestRules.RiverLevel), new RuleEngineOptions { MaxLateness = TimeSpan.FromMinutes(30) });
        strict.Series("wl-1", "water_level_m", 0, 10, [.. Enumerable.Repeat(2.0, 10)]);

        Assert.Empty(strict.ReadLate("wl-1", 55, "water_level_m", 2.7).Transitions);
        Assert.Equal(["Raised warning 2.7@65", "Cleared warning 2@70"], strict.ReadLate("wl-1", 65, "water_level_m", 2.7).Changes);
    }
}
