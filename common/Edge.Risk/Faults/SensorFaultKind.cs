namespace Edge.Risk.Faults;

/// <summary>What is wrong with a sensor stream (docs/risk.md, "Sensor faults").</summary>
public enum SensorFaultKind
{
    /// <summary>No change over many reports where the quantity should vary.</summary>
    StuckValue,

    /// <summary>An isolated reading far from its neighbours in time (Hampel filter).</summary>
    Spike,

    /// <summary>A persistent shift against a reference (CUSUM on residuals).</summary>
    Drift,

    /// <summary>A change between consecutive readings faster than the quantity can physically change.</summary>
    OutOfPhysicsJump,

    /// <summary>Battery voltage trending to its cut-off within the horizon, or already below it.</summary>
    DyingBattery,

    /// <summary>No report for several report intervals.</summary>
    Silence,

    /// <summary>Far from what neighbouring sensors of the same kind read at the same time.</summary>
    NeighbourDisagreement,
}
