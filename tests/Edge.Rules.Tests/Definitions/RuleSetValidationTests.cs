using Edge.Rules.Definitions;
using Edge.Rules.Tests.Testing;

namespace Edge.Rules.Tests.Definitions;

/// <summary>Nonsense is refused when the definition arrives, with where and why; evaluation never throws for it.</summary>
public sealed class RuleSetValidationTests
{
    private const string Level = """{"severity":"warning","raise":2.5,"clear":2.3}""";

    [Theory]
    [InlineData("""{"kind":"thresold","metric":"water_level_m","levels":[LEVEL]}""", "rules[0].kind", "unknown rule kind \"thresold\"")]
    [InlineData("""{"metric":"water_level_m","levels":[LEVEL]}""", "rules[0].kind", "missing")]
    [InlineData("""{"kind":"threshold","metric":"water_level","levels":[LEVEL]}""", "rules[0].metric", "unknown metric \"water_level\"")]
    [InlineData("""{"kind":"threshold","levels":[LEVEL]}""", "rules[0].metric", "missing")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m"}""", "rules[0].levels", "missing")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","levels":[]}""", "rules[0].levels", "missing")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","levels":[{"severity":"warning","raise":2.5,"clear":2.7}]}""", "rules[0].levels[0].clear", "wrong side of raise level 2.5")]
    [InlineData("""{"kind":"threshold","metric":"battery_v","direction":"below","levels":[{"severity":"warning","raise":3.3,"clear":3.2}]}""", "rules[0].levels[0].clear", "a rule below clears at or above")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","levels":[{"severity":"warning","raise":2.5}]}""", "rules[0].levels[0].clear", "missing")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","levels":[{"severity":"severe","raise":2.5,"clear":2.3}]}""", "rules[0].levels[0].severity", "unknown severity \"severe\"")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","levels":[LEVEL,LEVEL]}""", "rules[0].levels[1].severity", "two levels are warning")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","levels":[LEVEL,{"severity":"critical","raise":2.0,"clear":1.9}]}""", "rules[0].levels[1].raise", "must lie further above")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","levels":[LEVEL,{"severity":"critical","raise":3.0,"clear":2.2}]}""", "rules[0].levels[1].clear", "clear levels must be ordered")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","levels":[LEVEL,LEVEL,LEVEL,LEVEL]}""", "rules[0].levels", "more than three")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","direction":"up","levels":[LEVEL]}""", "rules[0].direction", "unknown direction \"up\"")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","windowS":3600,"levels":[LEVEL]}""", "rules[0].windowS", "threshold rules take no window")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","minDurationS":-60,"levels":[LEVEL]}""", "rules[0].minDurationS", "-60 s is not between 0 s and")]
    [InlineData("""{"kind":"accumulation","metric":"rain_mm","levels":[LEVEL]}""", "rules[0].windowS", "missing: an accumulation rule needs a window")]
    [InlineData("""{"kind":"accumulation","metric":"rain_mm","windowS":-3600,"levels":[LEVEL]}""", "rules[0].windowS", "-3600 s is not between 1 s and")]
    [InlineData("""{"kind":"accumulation","metric":"rain_mm","windowS":864000,"levels":[LEVEL]}""", "rules[0].windowS", "(7 days)")]
    [InlineData("""{"kind":"accumulation","metric":"rain_mm","windowS":3600,"magnitude":true,"levels":[LEVEL]}""", "rules[0].magnitude", "only threshold and rate")]
    [InlineData("""{"kind":"rate","metric":"water_level_m","windowS":3600,"minSpanS":7200,"levels":[LEVEL]}""", "rules[0].minSpanS", "longer than the window")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","deviceKinds":["rain-gauge"],"levels":[LEVEL]}""", "rules[0].deviceKinds[0]", "is not a device kind (rain_gauge, river_level, soil_moisture, tilt_meter)")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","devices":["wl 1"],"levels":[LEVEL]}""", "rules[0].devices[0]", "is not a device id")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","devices":[],"levels":[LEVEL]}""", "rules[0].devices", "empty")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","devices":["wl-1"],"deviceKinds":["river_level"],"levels":[LEVEL]}""", "rules[0]", "not both")]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","severity":"warning","levels":[LEVEL]}""", "rules[0].severity", "gives each level its severity")]
    [InlineData("""{"kind":"silence","metric":"water_level_m","reportIntervalS":600,"intervals":3,"severity":"warning"}""", "rules[0].metric", "whole device")]
    [InlineData("""{"kind":"silence","intervals":3,"severity":"warning"}""", "rules[0].reportIntervalS", "missing")]
    [InlineData("""{"kind":"silence","reportIntervalS":600,"intervals":0,"severity":"warning"}""", "rules[0].intervals", "not between 1 and 1000")]
    [InlineData("""{"kind":"silence","reportIntervalS":600,"intervals":3}""", "rules[0].severity", "missing")]
    [InlineData("""{"kind":"silence","reportIntervalS":600,"intervals":3,"severity":"warning","levels":[LEVEL]}""", "rules[0].levels", "one severity")]
    public void TryParse_Nonsense_IsRefusedWithWhereAndWhy(string rule, string path, string message)
    {
        var errors = TestRules.Errors(rule.Replace("LEVEL", Level, StringComparison.Ordinal));

        Assert.Contains(errors, error => error.Path == path && error.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_MisspeltMember_IsRefusedNotIgnored()
    {
        var error = Assert.Single(TestRules.Errors($$"""{"kind":"threshold","metric":"water_level_m","minDuration":600,"levels":[{{Level}}]}"""));

        Assert.Contains("minDuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MalformedJson_IsAnErrorNotAnException()
    {
        Assert.False(RuleSet.TryParse("""{"version":1,"rules":[{"kind":""", out _, out var errors));

        Assert.Single(errors);
    }

    [Fact]
    public void TryParse_UnknownVersion_IsRefused()
    {
        Assert.False(RuleSet.TryParse("""{"version":2,"rules":[]}""", out _, out var errors));

        Assert.Equal("version", Assert.Single(errors).Path);
    }

    [Fact]
    public void TryParse_TwoRulesOfOneNameOnOneDevice_AreRefused()
    {
        Assert.False(RuleSet.TryParse($$"""
            {"version":1,"rules":[
              {"kind":"threshold","metric":"water_level_m","levels":[{{Level}}]},
              {"kind":"threshold","metric":"water_level_m","deviceKinds":["river_level"],"levels":[{"severity":"critical","raise":2.5,"clear":2.4}]}]}
            """, out _, out var errors));

        var error = Assert.Single(errors);
        Assert.Equal("rules[1]", error.Path);
        Assert.Contains("same rule \"water_level_m>=2.5\" as rules[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OneNameOnDisjointScopes_IsAccepted()
    {
        Assert.True(RuleSet.TryParse($$"""
            {"version":1,"rules":[
              {"kind":"threshold","metric":"water_level_m","devices":["wl-1"],"levels":[{{Level}}]},
              {"kind":"threshold","metric":"water_level_m","devices":["wl-2"],"levels":[{{Level}}]},
              {"kind":"silence","deviceKinds":["rain_gauge"],"reportIntervalS":600,"intervals":3,"severity":"warning"},
              {"kind":"silence","deviceKinds":["river_level"],"reportIntervalS":600,"intervals":3,"severity":"critical"}]}
            """, out var rules, out _));

        Assert.Equal(2, rules.FindByName("water_level_m>=2.5").Count);
    }

    [Fact]
    public void TryParse_SeveralProblems_AreAllReported()
    {
        var errors = TestRules.Errors("""{"kind":"rate","metric":"rain","windowS":0,"levels":[{"severity":"warning","raise":1,"clear":2}]}""");

        Assert.Equal(["rules[0].metric", "rules[0].windowS", "rules[0].levels[0].clear"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Create_Invalid_ThrowsWithEveryError()
    {
        var exception = Assert.Throws<RuleSetException>(() => RuleSet.Create(new RuleSetDocument { Rules = [new RuleDefinition { Kind = "rate" }] }));

        Assert.True(exception.Errors.Count >= 3);
        Assert.Contains("rules[0].metric: missing", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_EmptyRuleSet_IsValid()
    {
        Assert.True(RuleSet.TryCreate(new RuleSetDocument(), out var rules, out _));

        Assert.Empty(rules.Rules);
    }

    [Fact]
    public void TryParse_LevelsInAnyOrder_AreSortedBySeverity()
    {
        var rules = TestRules.Parse("""
            {"kind":"threshold","metric":"battery_v","direction":"below","levels":[
              {"severity":"critical","raise":3.1,"clear":3.2},{"severity":"info","raise":3.5,"clear":3.6},{"severity":"warning","raise":3.3,"clear":3.4}]}
            """);

        var rule = Assert.Single(rules.Rules);
        Assert.Equal([AlarmSeverity.Info, AlarmSeverity.Warning, AlarmSeverity.Critical], rule.Levels.Select(l => l.Severity));
        Assert.Equal("battery_v<=3.5", rule.Name);
    }
}
