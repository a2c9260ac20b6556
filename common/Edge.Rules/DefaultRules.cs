using Edge.Rules.Definitions;
using Edge.Telemetry;

namespace Edge.Rules;

/// <summary>
/// The rules a gateway runs before it has ever received a configuration. They are placeholders: river levels, soil
/// moisture and pore pressure have no generic thresholds (a level is metres above a station's own datum), and rain
/// thresholds vary tenfold between regions (Guzzetti et al. 2008). So the defaults are device health, plus hazard rules
/// that need no site knowledge, all at <c>warning</c>: they inform the control room, and never, on their own, sound a
/// siren (which only per-site <c>critical</c> levels should). README.md lists the numbers and their sources.
/// </summary>
public static class DefaultRules
{
    public static RuleSetDocument Document { get; } = new()
    {
        Rules =
        [
            new RuleDefinition
            {
                Kind = "threshold",
                Metric = CanonicalMetrics.BatteryV,
                Direction = "below",
                Levels =
                [
                    new RuleLevelDefinition { Severity = "warning", Raise = 3.3, Clear = 3.45 },
                    new RuleLevelDefinition { Severity = "critical", Raise = 3.1, Clear = 3.25 },
                ],
                MinDurationS = 1800,
                Description = "Low battery for 3.6-3.7 V lithium packs (near the end of their capacity at 3.3 V); held 30 min so that the sag of a radio transmission does not raise it. 12 V stations need their own rule.",
            },
            new RuleDefinition
            {
                Kind = "silence",
                ReportIntervalS = 3600,
                Intervals = 3,
                Severity = "warning",
                Description = "No reading received for 3 h: longer than three report intervals of any device in the fleet. Replace per device with its own interval.",
            },
            new RuleDefinition
            {
                Kind = "accumulation",
                Metric = CanonicalMetrics.RainMm,
                WindowS = 3600,
                Levels = [new RuleLevelDefinition { Severity = "warning", Raise = 15, Clear = 10 }],
                Description = "Caine (1980) global intensity-duration threshold for shallow landslides and debris flows, I = 14.82 D^-0.39 mm/h: 14.8 mm in 1 h.",
            },
            new RuleDefinition
            {
                Kind = "accumulation",
                Metric = CanonicalMetrics.RainMm,
                WindowS = 86400,
                Levels = [new RuleLevelDefinition { Severity = "warning", Raise = 100, Clear = 75 }],
                Description = "Caine (1980) at D = 24 h: 4.29 mm/h, 103 mm in 24 h.",
            },
            new RuleDefinition
            {
                Kind = "rate",
                Metric = CanonicalMetrics.WaterLevelM,
                WindowS = 3600,
                MinSpanS = 1800,
                Levels = [new RuleLevelDefinition { Severity = "warning", Raise = 0.5, Clear = 0.2 }],
                MinDurationS = 600,
                Description = "River rising faster than 0.5 m/h over an hour, for 10 min: independent of the station's datum. Per-station levels and rates replace it.",
            },
            new RuleDefinition
            {
                Kind = "rate",
                Metric = CanonicalMetrics.DisplacementMm,
                Magnitude = true,
                WindowS = 10800,
                MinSpanS = 5400,
                Levels = [new RuleLevelDefinition { Severity = "warning", Raise = 1, Clear = 0.5 }],
                Description = "Slope moving 1 mm/h (24 mm/day) or faster, either way, over 3 h: the upper 'slow' class of Cruden and Varnes (1996); creep at a stable site is orders of magnitude slower.",
            },
            TiltRate(CanonicalMetrics.TiltXDeg),
            TiltRate(CanonicalMetrics.TiltYDeg),
        ],
    };

    /// <summary>The defaults, validated.</summary>
    public static RuleSet RuleSet { get; } = RuleSet.Create(Document);

    private static RuleDefinition TiltRate(string metric) => new()
    {
        Kind = "rate",
        Metric = metric,
        Magnitude = true,
        WindowS = 10800,
        MinSpanS = 5400,
        Levels = [new RuleLevelDefinition { Severity = "warning", Raise = 0.1, Clear = 0.05 }],
        Description = "Surface tilting at 0.1 deg/h or faster, either way, over 3 h: the warning level of Uchimura et al. (2015, Landslides 12:491-505); their precaution level, 0.01 deg/h, is within the drift of cheaper sensors.",
    };
}
