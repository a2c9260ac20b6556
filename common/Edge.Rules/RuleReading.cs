namespace Edge.Rules;

/// <summary>
/// A normalized reading as the engine takes it: the device, its measurement time <see cref="Ts"/> (rules are evaluated
/// on it), the gateway's receive time <see cref="ReceivedAt"/> (silence is judged on it), and the canonical values.
/// </summary>
public readonly record struct RuleReading(
    string DeviceId,
    DateTimeOffset Ts,
    DateTimeOffset ReceivedAt,
    IReadOnlyDictionary<string, double> Values);
