using Edge.FirmwareSim.Scenarios;

namespace Edge.FirmwareSim.Hydrology;

/// <summary>
/// Tertiary creep before a slope failure after Fukuzono (1985) and Saito (1965): the inverse of the velocity falls
/// linearly to zero at the failure time, <c>1/v = A (tf - t)</c>, so <c>v = 1 / (A (tf - t))</c>, with A set by the
/// velocity at the onset of acceleration. The displacement over a minute is the exact integral
/// <c>(1/A) ln((tf - t0) / (tf - t1))</c>; finite for every minute before failure. Reading <see cref="FailureMinute"/> is
/// the first one after the slope has failed.
/// </summary>
internal sealed class SlopeFailure(SlopeFailureDefinition definition)
{
    private readonly double _onsetMinute = (definition.FailureAtH - definition.AccelerationH) * 60;
    private readonly double _a = 1 / (definition.OnsetVelocityMmh / 60 * definition.AccelerationH * 60);

    public long FailureMinute { get; } = (long)Math.Round(definition.FailureAtH * 60);

    public bool HasFailed(long minute) => minute >= FailureMinute;

    /// <summary>Accelerating displacement in mm over the minute ending at <paramref name="minute"/>; 0 before the onset and once failed.</summary>
    public double DisplacementMm(long minute)
    {
        var from = Math.Max(minute - 1, _onsetMinute);
        if (minute <= _onsetMinute || HasFailed(minute))
        {
            return 0;
        }

        return Math.Log((FailureMinute - from) / (double)(FailureMinute - minute)) / _a;
    }
}
