using System.Globalization;

namespace Edge.Risk.Faults;

/// <summary>Consecutive readings further apart than the metric's fastest credible change allows for the time between them.</summary>
public static class OutOfPhysicsJumpDetector
{
    public static IReadOnlyList<SensorFault> Detect(MetricFaultProfile profile, ReadOnlySpan<TimedValue> series)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var faults = new List<SensorFault>();
        if (profile.MaxChangePerHour is not { } limit)
        {
            return faults;
        }

        for (var i = 1; i < series.Length; i++)
        {
            var hours = (series[i].Ts - series[i - 1].Ts).TotalHours;
            var change = Math.Abs(series[i].Value - series[i - 1].Value);
            var rate = hours > 0 ? change / hours : double.PositiveInfinity;
            if (change > profile.Resolution && rate > limit)
            {
                faults.Add(new SensorFault(
                    SensorFaultKind.OutOfPhysicsJump, profile.Metric, series[i].Ts, rate, limit,
                    string.Create(CultureInfo.InvariantCulture, $"{profile.Metric} {series[i - 1].Value} -> {series[i].Value} in {hours * 60:0.#} min: {rate:0.###}/h, limit {limit}/h")));
            }
        }

        return faults;
    }
}
