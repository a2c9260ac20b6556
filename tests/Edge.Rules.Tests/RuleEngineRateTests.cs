using Edge.Rules.Tests.Testing;

namespace Edge.Rules.Tests;

public sealed class RuleEngineRateTests
{
    private readonly EngineHarness _river = new(TestRules.Parse(TestRules.RiverRise));

    private static double[] Rising(double from, double perStep, int count) =>
        [.. Enumerable.Range(0, count).Select(i => from + (perStep * i))];

    [Fact]
    public void Evaluate_RisingSixtyCentimetresPerHour_Raises()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 5, Rising(1.0, 0.05, 13));

        Assert.Equal(["Raised warning 0.6@30"], result.Changes);
        Assert.Equal("water_level_m rate[1h]>=0.5/h", result.Transitions[0].Rule);
        Assert.Equal(0.5, result.Transitions[0].Threshold);
    }

    [Fact]
    public void Evaluate_RisingFortyCentimetresPerHour_DoesNotRaise()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 5, Rising(1.0, 0.4 / 12, 37));

        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void Evaluate_RiseStops_ClearsBelowTheClearRate()
    {
        var rise = Rising(1.0, 0.06, 13);
        var result = _river.Series("wl-1", "water_level_m", 0, 5, [.. rise, .. Enumerable.Repeat(rise[^1], 13)]);

        Assert.Equal([AlarmChange.Raised, AlarmChange.Cleared], result.Transitions.Select(t => t.Change));
        var cleared = result.Transitions[1];
        Assert.True(cleared.Value < 0.2, $"cleared at {cleared.Value} m/h");
        Assert.Equal(0.2, cleared.Threshold);
    }

    [Fact]
    public void Evaluate_SparseButSpanningReadings_StillGiveARate()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 40, 1.0, 1.0 + (40 / 60.0));

        Assert.Equal(["Raised warning 1@40"], result.Changes);
    }

    [Fact]
    public void Evaluate_OneReadingPerWindow_NeverGivesARate()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 90, 1.0, 4.0, 7.0, 10.0);

        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void Evaluate_TwoReadingsAMinuteApart_SayNothingAboutAnHour()
    {
        _river.Series("wl-1", "water_level_m", 0, 60, 1.0, 1.0);

        var result = _river.Read("wl-1", 61, "water_level_m", 1.5);

        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void Evaluate_NoisyFlatRiver_DoesNotRaise()
    {
        var random = new Random(1980);
        var noisy = Enumerable.Range(0, 360).Select(_ => 2.0 + ((random.NextDouble() - 0.5) * 0.04)).ToArray();

        var result = _river.Series("wl-1", "water_level_m", 0, 1, noisy);

        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void Evaluate_RateUnknownWhileOpen_HoldsTheAlarmUntilARateClearsIt()
    {
        _river.Series("wl-1", "water_level_m", 0, 5, Rising(1.0, 0.06, 13));
        var sparse = _river.Series("wl-1", "water_level_m", 180, 120, 1.72, 1.72, 1.72);
        var dense = _river.Series("wl-1", "water_level_m", 425, 5, 1.72, 1.72, 1.72, 1.72, 1.72, 1.72, 1.72);

        Assert.Empty(sparse.Transitions);
        Assert.Equal(["Cleared warning 0@450"], dense.Changes);
    }

    [Fact]
    public void Evaluate_FallingRuleBelow_RaisesOnAFastFall()
    {
        var falling = new EngineHarness(TestRules.Parse("""
            {"kind":"rate","metric":"water_level_m","direction":"below","windowS":3600,
             "levels":[{"severity":"info","raise":-0.5,"clear":-0.2}]}
            """));

        var result = falling.Series("wl-1", "water_level_m", 0, 10, Rising(3.0, -0.1, 7));

        Assert.Equal(["Raised info -0.6@30"], result.Changes);
        Assert.Equal("water_level_m rate[1h]<=-0.5/h", result.Transitions[0].Rule);
    }

    [Fact]
    public void Evaluate_MagnitudeRate_RaisesForMovementEitherWay()
    {
        var slope = new EngineHarness(TestRules.Parse("""
            {"kind":"rate","metric":"displacement_mm","magnitude":true,"windowS":10800,
             "levels":[{"severity":"warning","raise":1,"clear":0.5}]}
            """));

        var result = slope.Series("ex-1", "displacement_mm", 0, 30, Rising(500, -0.75, 7));

        Assert.Equal(["Raised warning 1.5@90"], result.Changes);
        Assert.Equal("displacement_mm |rate[3h]|>=1/h", result.Transitions[0].Rule);
    }
}
