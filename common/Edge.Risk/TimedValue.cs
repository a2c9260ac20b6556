namespace Edge.Risk;

/// <summary>One value of one metric at its measurement time.</summary>
public readonly record struct TimedValue(DateTimeOffset Ts, double Value);
