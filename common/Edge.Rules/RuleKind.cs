namespace Edge.Rules;

/// <summary>What a rule measures. JSON spelling: <c>threshold</c>, <c>rate</c>, <c>accumulation</c>, <c>silence</c>.</summary>
public enum RuleKind
{
    /// <summary>The reading's value against levels (also low battery: a threshold with direction <c>below</c>).</summary>
    Threshold = 0,

    /// <summary>The least-squares slope of the readings in a window ending at the reading, in metric units per hour.</summary>
    Rate = 1,

    /// <summary>The sum of the values whose measurement time lies in a window ending at the reading (rain over 1 h, 24 h).</summary>
    Accumulation = 2,

    /// <summary>No reading received for N report intervals, checked against the clock (<see cref="RuleEngine.Tick"/>).</summary>
    Silence = 3,
}
