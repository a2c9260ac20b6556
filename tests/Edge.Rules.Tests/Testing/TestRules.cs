using Edge.Rules.Definitions;

namespace Edge.Rules.Tests.Testing;

/// <summary>Rule sets from JSON, as the cloud would send them.</summary>
internal static class TestRules
{
    /// <summary>A rule set of the given rule objects, e.g. <c>{"kind":"threshold",...}</c>.</summary>
    public static RuleSet Parse(params string[] rules)
    {
        var json = $$"""{"version":1,"rules":[{{string.Join(",", rules)}}]}""";
        Assert.True(RuleSet.TryParse(json, out var ruleSet, out var errors), string.Join("; ", errors));
        return ruleSet;
    }

    /// <summary>The errors of a rule set of one rule.</summary>
    public static IReadOnlyList<RuleError> Errors(string rule)
    {
        Assert.False(RuleSet.TryParse($$"""{"version":1,"rules":[{{rule}}]}""", out _, out var errors));
        return errors;
    }

    public const string RiverLevel = """
        {"kind":"threshold","metric":"water_level_m","levels":[
          {"severity":"warning","raise":2.5,"clear":2.3},
          {"severity":"critical","raise":3.0,"clear":2.8}]}
        """;

    public const string RiverRise = """
        {"kind":"rate","metric":"water_level_m","windowS":3600,"minSpanS":1800,
         "levels":[{"severity":"warning","raise":0.5,"clear":0.2}]}
        """;

    public const string Rain1h = """
        {"kind":"accumulation","metric":"rain_mm","windowS":3600,"levels":[{"severity":"warning","raise":30,"clear":20}]}
        """;

    public const string Rain24h = """
        {"kind":"accumulation","metric":"rain_mm","windowS":86400,"levels":[{"severity":"critical","raise":100,"clear":80}]}
        """;

    public const string LowBattery = """
        {"kind":"threshold","metric":"battery_v","direction":"below","levels":[{"severity":"warning","raise":3.3,"clear":3.4}]}
        """;

    public const string Silence = """{"kind":"silence","reportIntervalS":600,"intervals":3,"severity":"warning"}""";
}
