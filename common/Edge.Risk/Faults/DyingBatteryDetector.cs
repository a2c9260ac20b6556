using System.Globalization;
using Edge.Risk.Features;
using Edge.Telemetry;

namespace Edge.Risk.Faults;

/// <summary>
/// A battery whose voltage, fitted by least squares over the readings given, reaches <c>cutoffV</c> within
/// <c>horizon</c>, or is already below it. Give it several days of readings so that solar charging cycles average out.
/// <see cref="SensorFault.Statistic"/> is the time to empty in hours (0 when below the cut-off).
/// </summary>
public static class DyingBatteryDetector
{
    public static SensorFault? Detect(ReadOnlySpan<TimedValue> batteryV, double cutoffV, TimeSpan horizon)
    {
        if (batteryV.IsEmpty)
        {
            return null;
        }

        var last = batteryV[^1];
        if (last.Value <= cutoffV)
        {
            return new SensorFault(
                SensorFaultKind.DyingBattery, CanonicalMetrics.BatteryV, last.Ts, 0, horizon.TotalHours,
                string.Create(CultureInfo.InvariantCulture, $"battery {last.Value} V at or below its cut-off {cutoffV} V"));
        }

        if (LineFit.Of(batteryV) is not { Slope: < 0 } fit)
        {
            return null;
        }

        var fittedNow = fit.Intercept + (fit.Slope * LineFit.Hours(last.Ts, fit.Origin));
        var hoursToEmpty = (cutoffV - fittedNow) / fit.Slope;
        return hoursToEmpty > horizon.TotalHours ? null : new SensorFault(
            SensorFaultKind.DyingBattery, CanonicalMetrics.BatteryV, last.Ts, Math.Max(0, hoursToEmpty), horizon.TotalHours,
            string.Create(CultureInfo.InvariantCulture, $"battery falling {fit.Slope * 24:0.###} V/day, reaches {cutoffV} V in about {hoursToEmpty:0} h"));
    }
}
