using System.Globalization;

namespace Edge.Risk.Faults;

/// <summary>A stuck sensor: the last <see cref="MetricFaultProfile.StuckReports"/> readings within one resolution step.</summary>
public static class StuckValueDetector
{
    public static SensorFault? Detect(MetricFaultProfile profile, ReadOnlySpan<TimedValue> series)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!profile.ShouldVary || series.Length < profile.StuckReports)
        {
            return null;
        }

        var run = series[^profile.StuckReports..];
        double min = double.MaxValue, max = double.MinValue;
        foreach (var reading in run)
        {
            min = Math.Min(min, reading.Value);
            max = Math.Max(max, reading.Value);
        }

        var range = max - min;
        return range > profile.Resolution ? null : new SensorFault(
            SensorFaultKind.StuckValue, profile.Metric, run[^1].Ts, range, profile.Resolution,
            string.Create(CultureInfo.InvariantCulture, $"{profile.Metric} unchanged at {run[^1].Value} for {run.Length} reports since {run[0].Ts:O}"));
    }
}
