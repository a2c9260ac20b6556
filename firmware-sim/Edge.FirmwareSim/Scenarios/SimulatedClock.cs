using Edge.FirmwareSim.Sensors;

namespace Edge.FirmwareSim.Scenarios;

/// <summary>
/// Simulated time under <c>--speed K</c>: reading k of every device was measured at <c>Start + k minutes</c>, and the
/// devices report every simulated minute, i.e. every 60/K s of wall time. Start lies in the past, at
/// <c>wall start - D (1 - 1/K) - 1 min</c> (D the scenario's duration, rounded down to the minute), so simulated time
/// catches up with the wall clock only as the scenario ends and no reading is ever stamped later than the moment it
/// is sent; the gateway, which refuses readings more than 5 minutes in the future, takes every one.
/// </summary>
internal sealed class SimulatedClock(DateTimeOffset start)
{
    public DateTimeOffset Start { get; } = start;

    public static SimulatedClock ForRun(DateTimeOffset wallStart, ScenarioDefinition scenario, double speed)
    {
        var behind = TimeSpan.FromHours(scenario.DurationH * (1 - (1 / speed))) + SensorModels.Step;
        var start = wallStart - behind;
        return new SimulatedClock(new DateTimeOffset(start.Ticks - (start.Ticks % SensorModels.Step.Ticks), TimeSpan.Zero));
    }

    /// <summary>The readings per device the scenario lasts: one per simulated minute.</summary>
    public static long Readings(ScenarioDefinition scenario) => (long)Math.Floor(scenario.DurationH * 60);

    public DateTimeOffset MeasuredAt(long seq) => Start + (seq * SensorModels.Step);
}
