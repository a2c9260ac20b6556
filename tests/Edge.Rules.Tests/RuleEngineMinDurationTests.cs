using Edge.Rules.Tests.Testing;

namespace Edge.Rules.Tests;

public sealed class RuleEngineMinDurationTests
{
    private const string SustainedRiver = """
        {"kind":"threshold","metric":"water_level_m","minDurationS":600,"levels":[
          {"severity":"warning","raise":2.5,"clear":2.3},
          {"severity":"critical","raise":3.0,"clear":2.8}]}
        """;

    private readonly EngineHarness _river = new(TestRules.Parse(SustainedRiver));

    [Fact]
    public void Evaluate_ShortSpike_DoesNotRaise()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 2, 2.0, 2.6, 2.8, 2.7, 2.6, 2.2, 2.0);

        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void Evaluate_Sustained_RaisesWhenTheDurationIsMet()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 2, 2.0, 2.6, 2.6, 2.7, 2.6, 2.6, 2.6, 2.7);

        Assert.Equal(["Raised warning 2.6@12"], result.Changes);
        Assert.Equal("water_level_m>=2.5 for 10m", result.Transitions[0].Rule);
    }

    [Fact]
    public void Evaluate_DipBelowRaiseLevel_RestartsTheCount()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 4, 2.6, 2.6, 2.4, 2.6, 2.6, 2.6, 2.6);

        Assert.Equal(["Raised warning 2.6@24"], result.Changes);
    }

    [Fact]
    public void Evaluate_SparseReadings_RaiseAtTheFirstReadingThatCompletesTheDuration()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 30, 2.6, 2.6);

        Assert.Equal(["Raised warning 2.6@30"], result.Changes);
    }

    [Fact]
    public void Evaluate_Escalation_NeedsItsOwnDuration()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 5, 2.6, 2.7, 3.1, 2.9, 3.1, 3.2, 3.3);

        Assert.Equal(["Raised warning 3.1@10", "Escalated critical 3.3@30"], result.Changes);
    }

    [Fact]
    public void Evaluate_Clearing_IsImmediate()
    {
        var result = _river.Series("wl-1", "water_level_m", 0, 5, 2.6, 2.6, 2.6, 2.0);

        Assert.Equal(["Raised warning 2.6@10", "Cleared warning 2@15"], result.Changes);
    }
}
