namespace Edge.Rules.Tests.Testing;

/// <summary>
/// The rules' semantics written the slow, obvious way (whole-window loops, decimal sums, two-pass least squares),
/// over a complete, sorted series: what the engine must agree with.
/// </summary>
internal static class ReferenceEvaluator
{
    public static int[] Levels(Rule rule, IReadOnlyList<(DateTimeOffset Ts, double Value)> points)
    {
        var conditions = points.Select((_, j) => Condition(rule, points, j)).ToArray();
        var levels = new int[points.Count];
        var previous = 0;
        for (var j = 0; j < points.Count; j++)
        {
            if (double.IsNaN(conditions[j]))
            {
                levels[j] = previous;
                continue;
            }

            var level = 0;
            for (var k = previous; k >= 1 && level == 0; k--)
            {
                level = Meets(rule, conditions[j], rule.Levels[k - 1].Clear) ? k : 0;
            }

            for (var k = rule.Levels.Count; k > level; k--)
            {
                if (HeldFor(rule, points, conditions, k, j))
                {
                    level = k;
                    break;
                }
            }

            levels[j] = previous = level;
        }

        return levels;
    }

    /// <summary>Runs of levels above zero: first reading's time, and the clearing reading's time (null while open).</summary>
    public static List<(DateTimeOffset Start, DateTimeOffset? End)> Episodes(IReadOnlyList<(DateTimeOffset Ts, double Value)> points, int[] levels)
    {
        var episodes = new List<(DateTimeOffset, DateTimeOffset?)>();
        for (var j = 0; j < levels.Length; j++)
        {
            if (levels[j] > 0 && (j == 0 || levels[j - 1] == 0))
            {
                var end = j;
                while (end < levels.Length && levels[end] > 0)
                {
                    end++;
                }

                episodes.Add((points[j].Ts, end < levels.Length ? points[end].Ts : null));
            }
        }

        return episodes;
    }

    private static bool Meets(Rule rule, double condition, double level) => rule.Below ? condition <= level : condition >= level;

    private static bool HeldFor(Rule rule, IReadOnlyList<(DateTimeOffset Ts, double Value)> points, double[] conditions, int level, int j)
    {
        for (var i = j; i >= 0; i--)
        {
            if (double.IsNaN(conditions[i]) || !Meets(rule, conditions[i], rule.Levels[level - 1].Raise))
            {
                return false;
            }

            if (points[j].Ts - points[i].Ts >= rule.MinDuration)
            {
                return true;
            }
        }

        return false;
    }

    private static double Condition(Rule rule, IReadOnlyList<(DateTimeOffset Ts, double Value)> points, int j)
    {
        var ts = points[j].Ts;
        switch (rule.Kind)
        {
            case RuleKind.Accumulation:
                var sum = 0m;
                foreach (var (t, v) in points)
                {
                    if (t > ts - rule.Window && t <= ts)
                    {
                        sum += (decimal)v;
                    }
                }

                return (double)sum;
            case RuleKind.Rate:
                var window = points.Where(p => p.Ts >= ts - rule.Window && p.Ts <= ts).ToArray();
                if (window.Length < 2 || window[^1].Ts - window[0].Ts < rule.MinSpan)
                {
                    return double.NaN;
                }

                var hours = window.Select(p => (p.Ts - window[0].Ts).TotalHours).ToArray();
                var meanT = hours.Average();
                var meanV = window.Average(p => p.Value);
                var sxx = hours.Sum(h => (h - meanT) * (h - meanT));
                var sxy = hours.Zip(window).Sum(pair => (pair.First - meanT) * (pair.Second.Value - meanV));
                var slope = sxy / sxx;
                return rule.Magnitude ? Math.Abs(slope) : slope;
            default:
                return rule.Magnitude ? Math.Abs(points[j].Value) : points[j].Value;
        }
    }
}
