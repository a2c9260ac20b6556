using Edge.Rules.State;
using Edge.Rules.Tests.Testing;
using static Edge.Rules.Tests.Testing.EngineHarness;

namespace Edge.Rules.Tests;

/// <summary>
/// Seeded random series checked against <see cref="ReferenceEvaluator"/>: in measurement order the engine announces
/// exactly the reference's transitions; in any arrival order within the lateness allowance it never misses an alarm,
/// never has two open, ends in the reference's state, and (where partial data cannot overstate) never cries wolf.
/// </summary>
public sealed class RuleEngineArrivalOrderTests
{
    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var kind in new[] { "threshold", "sustained", "accumulation", "rate" })
        {
            for (var seed = 1; seed <= 12; seed++)
            {
                cases.Add(kind, seed);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_InMeasurementOrder_AnnouncesExactlyTheReferenceTransitions(string kind, int seed)
    {
        var (rule, points) = Scenario(kind, seed);
        var harness = new EngineHarness(TestRules.Parse(rule));
        foreach (var (ts, value) in points)
        {
            harness.Clock.MoveTo(ts);
            harness.Evaluate(new RuleReading("d-1", ts, ts, new Dictionary<string, double> { [Metric(kind)] = value }));
        }

        var compiled = harness.Engine.Rules.Rules[0];
        var levels = ReferenceEvaluator.Levels(compiled, points);
        var expected = new List<string>();
        for (var j = 0; j < levels.Length; j++)
        {
            var before = j == 0 ? 0 : levels[j - 1];
            if (levels[j] == before)
            {
                continue;
            }

            var (change, level) = (before, levels[j]) switch
            {
                (0, var now) => (AlarmChange.Raised, now),
                (var was, 0) => (AlarmChange.Cleared, was),
                (var was, var now) => (now > was ? AlarmChange.Escalated : AlarmChange.DeEscalated, now),
            };
            expected.Add($"{change} {compiled.Levels[level - 1].Severity} {points[j].Ts:dd HH:mm:ss}");
        }

        var actual = harness.Transitions.Select(t => $"{t.Change} {t.Severity} {t.Ts:dd HH:mm:ss}").ToList();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_InAnyArrivalOrder_MissesNoAlarmAndEndsInTheTrueState(string kind, int seed)
    {
        var (rule, points) = Scenario(kind, seed);
        var random = new Random(seed * 7919);
        var arrivals = points.Select(p => (p.Ts, p.Value, Arrival: p.Ts.AddMinutes(random.Next(0, 180)))).OrderBy(a => a.Arrival).ToArray();
        var harness = new EngineHarness(TestRules.Parse(rule), new RuleEngineOptions { MaxLateness = TimeSpan.FromHours(4) });
        foreach (var (ts, value, arrival) in arrivals)
        {
            harness.Clock.MoveTo(arrival);
            harness.Evaluate(new RuleReading("d-1", ts, arrival, new Dictionary<string, double> { [Metric(kind)] = value }));
        }

        var compiled = harness.Engine.Rules.Rules[0];
        var levels = ReferenceEvaluator.Levels(compiled, points);
        var truth = ReferenceEvaluator.Episodes(points, levels);
        var alerts = harness.Transitions.Select((t, i) => t.ToAlert(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "gw")).ToArray();
        var announced = AlertHistory.ToSnapshot(alerts, harness.Clock.GetUtcNow()).Alarms.SingleOrDefault()?.Episodes ?? [];

        static bool Meet(DateTimeOffset a1, DateTimeOffset? a2, DateTimeOffset b1, DateTimeOffset? b2) =>
            a1 <= (b2 ?? DateTimeOffset.MaxValue) && b1 <= (a2 ?? DateTimeOffset.MaxValue);

        Assert.All(truth, episode => Assert.Contains(announced, a => Meet(episode.Start, episode.End, a.Raised, a.Cleared)));
        Assert.True(announced.Count(a => a.Cleared is null) <= 1);
        Assert.All(announced.Zip(announced.Skip(1)), pair => Assert.True(pair.First.Cleared <= pair.Second.Raised));
        var finalSeverity = levels[^1] == 0 ? AlarmSeverity.None : compiled.Levels[levels[^1] - 1].Severity;
        Assert.Equal(finalSeverity, announced.LastOrDefault(a => a.Cleared is null)?.Severity ?? AlarmSeverity.None);
        if (kind is "threshold" or "accumulation")
        {
            Assert.All(announced, a => Assert.Contains(truth, episode => Meet(episode.Start, episode.End, a.Raised, a.Cleared)));
        }

        var replay = new EngineHarness.Result([], []);
        foreach (var (ts, value) in points)
        {
            replay = replay.Concat(harness.Evaluate(new RuleReading("d-1", ts, harness.Clock.GetUtcNow(), new Dictionary<string, double> { [Metric(kind)] = value })));
        }

        Assert.Empty(replay.Transitions);
    }

    [Theory]
    [InlineData("threshold")]
    [InlineData("sustained")]
    [InlineData("accumulation")]
    [InlineData("rate")]
    public void Scenarios_ExerciseEveryKindOfChange(string kind)
    {
        var changes = new HashSet<AlarmChange>();
        for (var seed = 1; seed <= 12; seed++)
        {
            var (rule, points) = Scenario(kind, seed);
            var harness = new EngineHarness(TestRules.Parse(rule));
            foreach (var (ts, value) in points)
            {
                harness.Clock.MoveTo(ts);
                harness.Evaluate(new RuleReading("d-1", ts, ts, new Dictionary<string, double> { [Metric(kind)] = value }));
            }

            changes.UnionWith(harness.Transitions.Select(t => t.Change));
        }

        Assert.Equal(Enum.GetValues<AlarmChange>(), changes.Order());
    }

    private static string Metric(string kind) => kind == "accumulation" ? "rain_mm" : "water_level_m";

    private static (string Rule, List<(DateTimeOffset Ts, double Value)> Points) Scenario(string kind, int seed)
    {
        var random = new Random(seed);
        var points = new List<(DateTimeOffset, double)>();
        var ts = T0;
        var level = 2.2;
        var trend = 0.0;
        for (var i = 0; i < 300; i++)
        {
            ts = ts.AddMinutes(random.Next(1, 16)).AddSeconds(random.Next(0, 60));
            switch (kind)
            {
                case "accumulation":
                    points.Add((ts, random.NextDouble() < 0.3 ? Math.Round(random.NextDouble() * 8, 2) : 0));
                    break;
                case "rate":
                    if (random.NextDouble() < 0.05)
                    {
                        trend = (random.NextDouble() - 0.4) * 2.5;
                    }

                    level += (trend / 60 * 8) + ((random.NextDouble() - 0.5) * 0.02);
                    points.Add((ts, level));
                    break;
                default:
                    level = Math.Clamp(level + ((random.NextDouble() - 0.5) * 0.3), 1.5, 3.6);
                    points.Add((ts, Math.Round(level, 2)));
                    break;
            }
        }

        var rule = kind switch
        {
            "threshold" => TestRules.RiverLevel,
            "sustained" => TestRules.RiverLevel.Replace("\"levels\"", "\"minDurationS\":600,\"levels\"", StringComparison.Ordinal),
            "accumulation" => """{"kind":"accumulation","metric":"rain_mm","windowS":3600,"levels":[{"severity":"warning","raise":20,"clear":15},{"severity":"critical","raise":30,"clear":25}]}""",
            _ => """{"kind":"rate","metric":"water_level_m","windowS":3600,"minSpanS":1800,"levels":[{"severity":"warning","raise":0.5,"clear":0.2},{"severity":"critical","raise":1.0,"clear":0.8}]}""",
        };
        return (rule, points);
    }
}
