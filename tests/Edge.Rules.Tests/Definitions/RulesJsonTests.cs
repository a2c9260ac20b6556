using System.Text.Json;
using Edge.Rules.Definitions;

namespace Edge.Rules.Tests.Definitions;

public sealed class RulesJsonTests
{
    /// <summary>Every kind and member, as README.md shows them.</summary>
    private const string Everything = """
        {
          "version": 1,
          "rules": [
            {
              "kind": "threshold",
              "metric": "water_level_m",
              "devices": ["wl-001"],
              "levels": [
                { "severity": "warning", "raise": 2.5, "clear": 2.3 },
                { "severity": "critical", "raise": 3.0, "clear": 2.8 }
              ],
              "minDurationS": 300,
              "description": "Station datum 412.3 m; levels from the municipal flood plan"
            },
            { "kind": "threshold", "metric": "battery_v", "direction": "below", "levels": [ { "severity": "warning", "raise": 3.3, "clear": 3.45 } ] },
            { "kind": "threshold", "metric": "tilt_x_deg", "magnitude": true, "deviceKinds": ["tilt_meter"], "levels": [ { "severity": "info", "raise": 5, "clear": 4 } ] },
            { "kind": "rate", "metric": "water_level_m", "deviceKinds": ["river_level"], "windowS": 3600, "minSpanS": 1800, "levels": [ { "severity": "warning", "raise": 0.5, "clear": 0.2 } ] },
            { "kind": "accumulation", "metric": "rain_mm", "deviceKinds": ["rain_gauge"], "windowS": 3600, "levels": [ { "severity": "warning", "raise": 30, "clear": 20 } ] },
            { "kind": "accumulation", "metric": "rain_mm", "deviceKinds": ["rain_gauge"], "windowS": 86400, "levels": [ { "severity": "critical", "raise": 100, "clear": 80 } ] },
            { "kind": "silence", "reportIntervalS": 600, "intervals": 3, "severity": "warning" }
          ]
        }
        """;

    [Fact]
    public void TryParse_EveryKind_GivesTheirNames()
    {
        Assert.True(RuleSet.TryParse(Everything, out var rules, out var errors), string.Join("; ", errors));

        Assert.Equal(
            ["water_level_m>=2.5 for 5m", "battery_v<=3.3", "|tilt_x_deg|>=5", "water_level_m rate[1h]>=0.5/h", "rain_mm[1h]>=30", "rain_mm[24h]>=100", "silent>=3x600s"],
            rules.Rules.Select(r => r.Name));
    }

    [Fact]
    public void ToJson_ThenParse_RoundTripsToTheSameRules()
    {
        Assert.True(RuleSet.TryParse(Everything, out var rules, out _));

        var json = rules.ToJson();
        Assert.True(RuleSet.TryParse(json, out var again, out var errors), string.Join("; ", errors));

        Assert.Equal(json, again.ToJson());
        Assert.Equal(rules.Rules.Select(r => r.Name), again.Rules.Select(r => r.Name));
        Assert.All(rules.Rules.Zip(again.Rules), pair => Assert.True(pair.First.EvaluatesLike(pair.Second)));
    }

    [Fact]
    public void ToJson_OmitsAbsentMembersAndUsesCamelCase()
    {
        var json = RuleSet.Create(new RuleSetDocument
        {
            Rules = [new RuleDefinition { Kind = "silence", ReportIntervalS = 600, Intervals = 3, Severity = "warning" }],
        }).ToJson();

        using var document = JsonDocument.Parse(json);
        var rule = document.RootElement.GetProperty("rules")[0];
        Assert.Equal(["kind", "reportIntervalS", "intervals", "severity"], rule.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Deserialize_ThroughTheSourceGeneratedContext_ReadsTheDocument()
    {
        var document = JsonSerializer.Deserialize(Everything, RulesJson.Default.RuleSetDocument);

        Assert.NotNull(document);
        Assert.Equal(7, document.Rules.Count);
        Assert.Equal(2.8, document.Rules[0].Levels![1].Clear);
    }
}
