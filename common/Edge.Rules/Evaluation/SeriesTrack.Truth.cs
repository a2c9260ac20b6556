namespace Edge.Rules.Evaluation;

/// <summary>The truth: conditions (value, window sum, window rate) and the levels they lead to, with hysteresis and minimum duration.</summary>
internal sealed partial class SeriesTrack
{
    /// <summary>Recomputes condition and level of every reading from <paramref name="from"/> on. Readings before it cannot change: windows look back.</summary>
    private void Recompute(int from)
    {
        var previous = from > 0 ? _points[from - 1].Level : SeedLevel(_points[from].Ts);
        var runStart = from > 0 ? _points[from - 1].RunStart : _points[from].Ts;
        for (var j = from; j < _points.Count; j++)
        {
            _points[j].Condition = Condition(j);
            var level = Step(previous, j);
            ref var point = ref _points[j];
            point.Level = level;
            point.RunStart = level == 0 ? 0 : previous == 0 ? point.Ts : runStart;
            previous = level;
            runStart = point.RunStart;
        }
    }

    /// <summary>
    /// The level after reading <paramref name="j"/>, given the level before it: stay at the highest level not above the
    /// previous one whose clear level still holds (hysteresis), or rise to a higher level whose raise level is reached
    /// and has been for the minimum duration. An unknown condition (NaN: too few readings for a rate) changes nothing.
    /// </summary>
    private int Step(int previous, int j)
    {
        var condition = _points[j].Condition;
        if (double.IsNaN(condition))
        {
            return previous;
        }

        var hold = 0;
        for (var k = previous; k >= 1; k--)
        {
            if (Holds(k, condition))
            {
                hold = k;
                break;
            }
        }

        for (var k = _levels.Length; k > hold; k--)
        {
            if (Reaches(k, condition) && HeldLongEnough(k, j))
            {
                return k;
            }
        }

        return hold;
    }

    private bool Reaches(int level, double condition) =>
        Rule.Below ? condition <= _levels[level - 1].Raise : condition >= _levels[level - 1].Raise;

    private bool Holds(int level, double condition) =>
        Rule.Below ? condition <= _levels[level - 1].Clear : condition >= _levels[level - 1].Clear;

    /// <summary>Whether every reading from some reading at least the minimum duration before <paramref name="j"/> up to it reaches the level.</summary>
    private bool HeldLongEnough(int level, int j)
    {
        var needed = Rule.MinDuration.Ticks;
        if (needed == 0)
        {
            return true;
        }

        var ts = _points[j].Ts;
        for (var i = j; i >= 0; i--)
        {
            var condition = _points[i].Condition;
            if (double.IsNaN(condition) || !Reaches(level, condition))
            {
                return false;
            }

            if (ts - _points[i].Ts >= needed)
            {
                return true;
            }
        }

        return false;
    }

    private double Condition(int j) => Rule.Kind switch
    {
        RuleKind.Accumulation => WindowSum(j),
        RuleKind.Rate => Rule.Magnitude ? Math.Abs(WindowRate(j)) : WindowRate(j),
        _ => Rule.Magnitude ? Math.Abs(_points[j].Value) : _points[j].Value,
    };

    /// <summary>The sum of the values measured in (ts - window, ts]: O(log n) from the prefix sums.</summary>
    private double WindowSum(int j)
    {
        var first = WindowStart(j, _points[j].Ts - Rule.Window.Ticks + 1);
        var sum = _points.Sum(j) - _points.Sum(first) + Fixed(_points[first].Value);
        return sum / FixedScale;
    }

    /// <summary>
    /// The least-squares slope, per hour, of the readings measured in [ts - window, ts]; NaN with fewer than two, or when
    /// they span less than the rule's minimum span (two readings a minute apart say nothing about an hour).
    /// </summary>
    private double WindowRate(int j)
    {
        var ts = _points[j].Ts;
        var first = WindowStart(j, ts - Rule.Window.Ticks);
        var n = j - first + 1;
        if (n < 2 || ts - _points[first].Ts < Rule.MinSpan.Ticks)
        {
            return double.NaN;
        }

        var before = first > 0 ? _points.Rate(first - 1) : _points.Rate(0) - Term(0);
        var sums = _points.Rate(j) - before;
        var denominator = (n * sums.TT) - (sums.T * sums.T);
        return denominator > 0 ? ((n * sums.TV) - (sums.T * sums.V)) / denominator : double.NaN;
    }

    /// <summary>
    /// The first reading at or after <paramref name="bound"/> (at most <paramref name="j"/>): slides forward from the last
    /// window's start, amortized O(1) for readings in order; a binary search when a late reading moves the window back.
    /// </summary>
    private int WindowStart(int j, long bound)
    {
        var start = _windowStart;
        if (start < 0 || start > j || (start > 0 && _points[start - 1].Ts >= bound))
        {
            start = _points.LowerBound(bound);
        }
        else
        {
            while (_points[start].Ts < bound)
            {
                start++;
            }
        }

        _windowStart = start;
        return start;
    }

    private void UpdateSums(int from)
    {
        if (_points.HasSums)
        {
            for (var k = from; k < _points.Count; k++)
            {
                _points.Sum(k) = (k > 0 ? _points.Sum(k - 1) : 0) + Fixed(_points[k].Value);
            }
        }

        if (_points.HasRates)
        {
            if (from == 0 || _points.LastTs - _baseTs > RebaseTicks)
            {
                // Times and values relative to the oldest reading keep the sums small and the slope exact enough.
                _baseTs = _points.FirstTs;
                _baseValue = _points[0].Value;
                from = 0;
            }

            for (var k = from; k < _points.Count; k++)
            {
                _points.Rate(k) = (k > 0 ? _points.Rate(k - 1) : default) + Term(k);
            }
        }
    }

    private RateSums Term(int k)
    {
        var t = (_points[k].Ts - _baseTs) / (double)TimeSpan.TicksPerHour;
        var v = _points[k].Value - _baseValue;
        return new RateSums(t, v, t * t, t * v);
    }

    private static long Fixed(double value) => (long)Math.Round(value * FixedScale);
}
