namespace Edge.Risk.Faults;

/// <summary>
/// A fault found on one metric of one sensor, with its evidence: when (<see cref="At"/>, the offending reading or the
/// moment the test tripped), the statistic measured and the limit it crossed, and a sentence for the maintenance alert.
/// A fault is a maintenance matter: it lowers the stream's weight (<see cref="FaultWeights"/>) and raises no hazard.
/// </summary>
public sealed record SensorFault(SensorFaultKind Kind, string Metric, DateTimeOffset At, double Statistic, double Limit, string Evidence);
