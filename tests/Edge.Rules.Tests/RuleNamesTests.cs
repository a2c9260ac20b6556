using Edge.Rules.Tests.Testing;

namespace Edge.Rules.Tests;

public sealed class RuleNamesTests
{
    [Theory]
    [InlineData("""{"kind":"threshold","metric":"water_level_m","levels":[{"severity":"warning","raise":2.5,"clear":2.3}]}""", "water_level_m>=2.5")]
    [InlineData("""{"kind":"threshold","metric":"battery_v","direction":"below","levels":[{"severity":"warning","raise":3.3,"clear":3.4}]}""", "battery_v<=3.3")]
    [InlineData("""{"kind":"threshold","metric":"soil_moisture_pct","minDurationS":5400,"levels":[{"severity":"info","raise":38,"clear":35}]}""", "soil_moisture_pct>=38 for 90m")]
    [InlineData("""{"kind":"threshold","metric":"pore_pressure_kpa","minDurationS":90,"levels":[{"severity":"info","raise":12.25,"clear":12}]}""", "pore_pressure_kpa>=12.25 for 90s")]
    [InlineData("""{"kind":"accumulation","metric":"rain_mm","windowS":3600,"levels":[{"severity":"warning","raise":30,"clear":20}]}""", "rain_mm[1h]>=30")]
    [InlineData("""{"kind":"accumulation","metric":"rain_mm","windowS":86400,"levels":[{"severity":"warning","raise":100,"clear":80}]}""", "rain_mm[24h]>=100")]
    [InlineData("""{"kind":"accumulation","metric":"rain_mm","windowS":900,"levels":[{"severity":"warning","raise":10,"clear":5}]}""", "rain_mm[15m]>=10")]
    [InlineData("""{"kind":"rate","metric":"water_level_m","windowS":3600,"levels":[{"severity":"warning","raise":0.5,"clear":0.2}]}""", "water_level_m rate[1h]>=0.5/h")]
    [InlineData("""{"kind":"rate","metric":"tilt_y_deg","magnitude":true,"windowS":10800,"levels":[{"severity":"warning","raise":0.1,"clear":0.05}]}""", "tilt_y_deg |rate[3h]|>=0.1/h")]
    [InlineData("""{"kind":"silence","reportIntervalS":600,"intervals":3,"severity":"warning"}""", "silent>=3x600s")]
    public void Name_OfADefinition_IsReadableAndStable(string rule, string name)
    {
        Assert.Equal(name, Assert.Single(TestRules.Parse(rule).Rules).Name);
        Assert.Equal(name, Assert.Single(TestRules.Parse(rule).Rules).Name);
    }

    [Fact]
    public void Name_ChangingOnlyTheCriticalLevel_KeepsTheName()
    {
        var before = TestRules.Parse(TestRules.RiverLevel).Rules[0].Name;
        var after = TestRules.Parse(TestRules.RiverLevel.Replace("3.0", "3.4", StringComparison.Ordinal)).Rules[0].Name;

        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(30, "30")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(1e-7, "1E-07")]
    public void Number_IsInvariantAndShortest(double value, string text) => Assert.Equal(text, RuleNames.Number(value));
}
