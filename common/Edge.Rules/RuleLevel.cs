namespace Edge.Rules;

/// <summary>
/// One severity level of a rule. For a rule <c>above</c> the alarm reaches this level when the condition is at or above
/// <see cref="Raise"/> and keeps it while the condition stays at or above <see cref="Clear"/> (clear &lt;= raise: hysteresis);
/// for a rule <c>below</c>, mirrored.
/// </summary>
public sealed record RuleLevel(AlarmSeverity Severity, double Raise, double Clear);
