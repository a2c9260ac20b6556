namespace Edge.Rules.Evaluation;

/// <summary>
/// One measured rule (threshold, rate, accumulation) on one device. It holds the readings its windows and the lateness
/// allowance need, in measurement-time order, and for each one the condition and the level the alarm truly had after it
/// (the "truth", recomputed from a late reading onwards). <see cref="Reconcile"/> then compares the truth with what was
/// announced (<see cref="AlarmRecord"/>) and announces only what is new.
/// </summary>
internal sealed partial class SeriesTrack
{
    /// <summary>Accumulations are summed in millionths of the unit, as integers: exact, whatever the order of arrival.</summary>
    private const double FixedScale = 1e6;

    private static readonly long RebaseTicks = TimeSpan.FromDays(7).Ticks;

    private readonly TrackBuffer _points;
    private RuleLevel[] _levels = [];
    private long _retention;
    private int _maxPoints;
    private long _baseTs;
    private double _baseValue;

    /// <summary>Readings older than this were dropped to respect the cap: one arriving now would find its window gone.</summary>
    private long _floor = long.MinValue;

    /// <summary>The first reading of the last window computed (-1: unknown): windows of readings in order slide forward from it.</summary>
    private int _windowStart = -1;

    public SeriesTrack(string deviceId, Rule rule, RuleEngineOptions options)
    {
        Alarm = new AlarmRecord(deviceId, rule);
        _points = new TrackBuffer(rule.Kind == RuleKind.Accumulation, rule.Kind == RuleKind.Rate);
        UseRule(rule, options);
    }

    public AlarmRecord Alarm { get; }

    public Rule Rule => Alarm.Rule;

    public int Count => _points.Count;

    /// <summary>Takes one value of the rule's metric measured at <paramref name="ts"/> (UTC ticks).</summary>
    public void Apply(long ts, double value, EvaluationContext context)
    {
        if (_points.Count > 0 && (ts < _points.LastTs - _retention || ts < _floor))
        {
            context.Counters.NotRetained++;
            return;
        }

        var index = _points.Count == 0 || ts > _points.LastTs ? _points.Count : _points.LowerBound(ts);
        if (index < _points.Count && _points[index].Ts == ts)
        {
            if (_points[index].Value.Equals(value))
            {
                context.Counters.Duplicates++;
                return;
            }

            _points[index].Value = value;
        }
        else
        {
            _points.InsertAt(index, ts, value);
        }

        var last = _points.Count - 1;
        if (index <= _windowStart)
        {
            _windowStart = -1;
        }

        if (index < last)
        {
            context.Counters.OutOfOrder++;
        }

        UpdateSums(index);
        Recompute(index);
        if (index < last || !Settled(last))
        {
            var before = Alarm.Current;
            Reconcile(index, context);
            if (Alarm.Current != before)
            {
                context.Notifications.Update(Alarm, context.Now, context.Output);
            }
        }

        Trim(context);
    }

    /// <summary>The rule's definition changed (same name): evaluate the held readings again; only the present may raise.</summary>
    public void Reconfigure(Rule rule, RuleEngineOptions options, EvaluationContext context)
    {
        var same = rule.EvaluatesLike(Rule);
        Alarm.Rule = rule;
        UseRule(rule, options);
        if (!same)
        {
            Reevaluate(context);
        }
    }

    /// <summary>A new rule on a metric another track already holds: start from its readings; only the present may raise.</summary>
    public void SeedFrom(SeriesTrack other, EvaluationContext context)
    {
        if (other._points.Count == 0)
        {
            return;
        }

        var horizon = other._points.LastTs - _retention;
        for (var i = other._points.LowerBound(horizon); i < other._points.Count; i++)
        {
            _points.InsertAt(_points.Count, other._points[i].Ts, other._points[i].Value);
        }

        Reevaluate(context);
        Trim(context);
    }

    private void Reevaluate(EvaluationContext context)
    {
        if (_points.Count == 0)
        {
            return;
        }

        _windowStart = -1;
        UpdateSums(0);
        Recompute(0);
        var before = Alarm.Current;
        context.Cutoff = _points.LastTs;
        Reconcile(0, context);
        if (Alarm.Current != before)
        {
            context.Notifications.Update(Alarm, context.Now, context.Output);
        }
    }

    private void UseRule(Rule rule, RuleEngineOptions options)
    {
        _levels = [.. rule.Levels];
        _retention = (options.MaxLateness + rule.Lookback).Ticks;
        _maxPoints = options.MaxPointsPerTrack;
    }

    /// <summary>True when the newest reading changed nothing: same level as before it, and that is what was announced.</summary>
    private bool Settled(int last)
    {
        var level = _points[last].Level;
        var previous = last > 0 ? _points[last - 1].Level : SeedLevel(_points[last].Ts);
        return level == previous && SeverityOf(level) == Alarm.Current;
    }

    /// <summary>
    /// Drops readings no window or late reading can need any more. Beyond the cap, gives up lateness first (readings
    /// older than the newest reading's own window) and the newest window itself last.
    /// </summary>
    private void Trim(EvaluationContext context)
    {
        // Usually nothing or one reading goes: walk from the front rather than search the whole track (cache misses).
        var horizon = _points.LastTs - _retention;
        var drop = 0;
        while (drop < _points.Count && _points[drop].Ts < horizon)
        {
            drop++;
        }

        var excess = _points.Count - drop - _maxPoints;
        if (excess > 0)
        {
            var windowHorizon = _points.LastTs - Rule.Lookback.Ticks;
            while (excess > 0 && _points[drop].Ts < windowHorizon)
            {
                drop++;
                excess--;
            }

            drop += excess;
            context.Counters.DroppedByCap += excess;
            _floor = _points[drop].Ts;
        }

        if (drop > 0)
        {
            _points.RemoveFront(drop);
            _windowStart = Math.Max(-1, _windowStart - drop);
            Alarm.ForgetClosedBefore(_points.FirstTs);
        }
    }

    private int SeedLevel(long ts) => LevelOf(Alarm.SeverityBefore(ts));

    private AlarmSeverity SeverityOf(int level) => level == 0 ? AlarmSeverity.None : _levels[level - 1].Severity;

    /// <summary>The highest level whose severity is at most <paramref name="severity"/> (0 for none).</summary>
    private int LevelOf(AlarmSeverity severity)
    {
        var level = 0;
        while (level < _levels.Length && _levels[level].Severity <= severity)
        {
            level++;
        }

        return level;
    }
}
