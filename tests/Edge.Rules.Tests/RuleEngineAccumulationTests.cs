using Edge.Rules.Tests.Testing;
using static Edge.Rules.Tests.Testing.EngineHarness;

namespace Edge.Rules.Tests;

public sealed class RuleEngineAccumulationTests
{
    private readonly EngineHarness _rain = new(TestRules.Parse(TestRules.Rain1h, TestRules.Rain24h));

    [Fact]
    public void Evaluate_ThirtyMillimetresWithinAnHour_Raises()
    {
        var result = _rain.Series("rg-1", "rain_mm", 0, 10, 5, 5, 5, 5, 5, 5);

        Assert.Equal(["Raised warning 30@50"], result.Changes);
        Assert.Equal("rain_mm[1h]>=30", result.Transitions[0].Rule);
    }

    [Fact]
    public void Evaluate_ReadingExactlyOneWindowOld_IsOutsideTheWindow()
    {
        var result = _rain.Series("rg-1", "rain_mm", 0, 60, 15, 15);

        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void Evaluate_ReadingJustInsideTheWindow_Counts()
    {
        var result = _rain.Series("rg-1", "rain_mm", 0, 59.99, 15, 15);

        Assert.Equal(["Raised warning 30@59.99"], result.Changes);
    }

    [Fact]
    public void Evaluate_ManySmallTips_SumExactly()
    {
        var result = _rain.Series("rg-1", "rain_mm", 0, 0.4, [.. Enumerable.Repeat(0.2, 150)]);

        Assert.Equal(["Raised warning 30@59.6"], result.Changes);
    }

    [Fact]
    public void Evaluate_RainStops_ClearsWhenTheWindowSumFallsBelowClear()
    {
        _rain.Series("rg-1", "rain_mm", 0, 10, 5, 5, 5, 5, 5, 5);

        var result = _rain.Series("rg-1", "rain_mm", 60, 10, 0, 0, 0, 0);

        Assert.Equal(["Cleared warning 15@80"], result.Changes);
        Assert.Equal(20, result.Transitions[0].Threshold);
    }

    [Fact]
    public void Evaluate_ReadingsInReverseOrder_RaiseOnceAtTheReadingThatCompletesTheWindow()
    {
        _rain.Clock.MoveTo(At(55));
        var result = new Result([], []);
        foreach (var minute in new[] { 50, 40, 30, 20, 10, 0 })
        {
            result = result.Concat(_rain.ReadLate("rg-1", minute, "rain_mm", 5));
        }

        Assert.Equal(["Raised warning 30@50"], result.Changes);
    }

    [Fact]
    public void Evaluate_DayInOrder_RaisesTheDailyAlarmWhereTheSumCrossed()
    {
        _rain.Series("rg-1", "rain_mm", 0, 30, [.. Enumerable.Repeat(2.5, 48)]);

        var daily = Assert.Single(_rain.Transitions, t => t.Rule == "rain_mm[24h]>=100");
        Assert.Equal("Raised critical 100@1170", Describe(daily));
    }

    /// <summary>
    /// Shuffled, the alarm is raised at the first reading where the readings known by then crossed; readings arriving
    /// later show it crossed earlier, but an announced alarm is never moved or raised twice.
    /// </summary>
    [Fact]
    public void Evaluate_ShuffledDay_RaisesTheDailyAlarmOnceWithinTheTrueEpisode()
    {
        var minutes = Enumerable.Range(0, 48).Select(i => i * 30).ToArray();
        new Random(24).Shuffle(minutes);
        _rain.Clock.MoveTo(At(24 * 60));

        foreach (var minute in minutes)
        {
            _rain.ReadLate("rg-1", minute, "rain_mm", 2.5);
        }

        var daily = Assert.Single(_rain.Transitions, t => t.Rule == "rain_mm[24h]>=100");
        Assert.Equal((AlarmChange.Raised, AlarmSeverity.Critical), (daily.Change, daily.Severity));
        Assert.InRange(daily.Ts, At(1170), At(1410));
        Assert.True(daily.Value >= 100);
    }

    [Fact]
    public void Evaluate_SameReadingTwice_IsCountedOnce()
    {
        _rain.Series("rg-1", "rain_mm", 0, 10, 5, 5, 5, 5, 5);

        var again = _rain.ReadLate("rg-1", 40, "rain_mm", 5);

        Assert.Empty(again.Transitions);
        Assert.Equal(2, _rain.Engine.Statistics.Duplicates); // once per rain rule
    }

    [Fact]
    public void Evaluate_CorrectedReadingAtTheSameTime_ReplacesTheValue()
    {
        _rain.Series("rg-1", "rain_mm", 0, 10, 5, 5, 5, 5, 5);

        var corrected = _rain.ReadLate("rg-1", 40, "rain_mm", 10);

        Assert.Equal(["Raised warning 30@40"], corrected.Changes);
    }

    [Fact]
    public void Evaluate_MoreReadingsThanTheCap_GivesUpLatenessBeforeTheWindow()
    {
        var capped = new EngineHarness(TestRules.Parse(TestRules.Rain1h), new RuleEngineOptions { MaxPointsPerTrack = 100 });
        capped.Series("rg-1", "rain_mm", 0, 1, [.. Enumerable.Repeat(0.0, 300)]);

        var result = capped.Series("rg-1", "rain_mm", 300, 1, [.. Enumerable.Repeat(0.5, 60)]);

        Assert.Equal(["Raised warning 30@359"], result.Changes);
        Assert.Equal(100, capped.Engine.Statistics.RetainedPoints);
        Assert.Equal(0, capped.Engine.Statistics.DroppedByCap);
        Assert.Empty(capped.ReadLate("rg-1", 200.5, "rain_mm", 40).Transitions);
        Assert.Equal(1, capped.Engine.Statistics.NotRetained);
    }

    [Fact]
    public void Evaluate_LateReading_CompletesTheWindowOfALaterReading()
    {
        _rain.Series("rg-1", "rain_mm", 0, 10, 4, 4, 4, 4, 4, 4);

        var result = _rain.ReadLate("rg-1", 35, "rain_mm", 6);

        Assert.Equal(["Raised warning 30@50"], result.Changes);
        Assert.Single(result.Notifications);
    }
}
