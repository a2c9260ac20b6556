using System.Globalization;

namespace Edge.Risk.Faults;

/// <summary>
/// Spikes by the Hampel filter (Hampel 1974; Pearson 2002): a reading whose distance from the median of the readings
/// around it (<c>halfWindow</c> each side; near either end of the series the 2 * halfWindow + 1 nearest, so the newest
/// reading is judged at once) exceeds <c>threshold</c> robust standard deviations (1.4826 * median absolute deviation,
/// floored at the metric's resolution).
/// </summary>
public static class SpikeDetector
{
    public const int DefaultHalfWindow = 5;
    public const double DefaultThreshold = 5;

    public static IReadOnlyList<SensorFault> Detect(
        MetricFaultProfile profile, ReadOnlySpan<TimedValue> series, int halfWindow = DefaultHalfWindow, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(halfWindow, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(halfWindow, 50);
        var faults = new List<SensorFault>();
        Span<double> window = stackalloc double[(2 * halfWindow) + 1];
        Span<double> deviations = stackalloc double[(2 * halfWindow) + 1];
        for (var i = 0; i < series.Length; i++)
        {
            var count = (2 * halfWindow) + 1;
            if (series.Length < count)
            {
                break;
            }

            var from = Math.Clamp(i - halfWindow, 0, series.Length - count);

            for (var j = 0; j < count; j++)
            {
                window[j] = series[from + j].Value;
            }

            var median = Median(window[..count]);
            for (var j = 0; j < count; j++)
            {
                deviations[j] = Math.Abs(window[j] - median);
            }

            var scale = Math.Max(1.4826 * Median(deviations[..count]), profile.Resolution);
            var score = scale > 0 ? Math.Abs(series[i].Value - median) / scale : 0;
            if (score > threshold)
            {
                faults.Add(new SensorFault(
                    SensorFaultKind.Spike, profile.Metric, series[i].Ts, score, threshold,
                    string.Create(CultureInfo.InvariantCulture, $"{profile.Metric} {series[i].Value} against a local median of {median}: robust z {score:0.0}")));
            }
        }

        return faults;
    }

    /// <summary>The median; sorts <paramref name="values"/> in place.</summary>
    internal static double Median(Span<double> values)
    {
        values.Sort();
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
