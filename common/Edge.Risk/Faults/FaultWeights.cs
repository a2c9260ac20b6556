namespace Edge.Risk.Faults;

/// <summary>
/// How much a stream with faults still counts in zone risk, 0 to 1: the smallest weight among its faults, 1 without
/// any. The weights are this project's engineering choice, not taken from the literature (docs/risk.md).
/// </summary>
public static class FaultWeights
{
    public static double Of(SensorFaultKind kind) => kind switch
    {
        SensorFaultKind.Silence => 0,               // nothing current to weigh
        SensorFaultKind.StuckValue => 0.1,          // the value is not a measurement any more
        SensorFaultKind.OutOfPhysicsJump => 0.3,    // the sensor or its wiring misbehaves
        SensorFaultKind.Drift => 0.3,               // readings biased by an unknown amount
        SensorFaultKind.NeighbourDisagreement => 0.5, // could be the sensor, could be a local event
        SensorFaultKind.Spike => 0.8,               // an isolated bad reading; the rest is usable
        SensorFaultKind.DyingBattery => 0.9,        // the data are fine until the battery goes
        _ => 1,
    };

    /// <summary>The weight of a stream with these faults.</summary>
    public static double Of(IEnumerable<SensorFault> faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        var weight = 1.0;
        foreach (var fault in faults)
        {
            weight = Math.Min(weight, Of(fault.Kind));
        }

        return weight;
    }
}
