using System.Globalization;

namespace Edge.Risk.Faults;

/// <summary>
/// Drift by a two-sided tabular CUSUM (Page 1954; Montgomery, Introduction to Statistical Quality Control, ch. 9) on the
/// residuals of the stream against a reference: a neighbour of the same kind aligned reading by reading, or, without
/// one, the stream's own calibration mean (a slow baseline). The residuals' mean and standard deviation are taken from
/// the first <c>calibrationCount</c> residuals (the standard deviation floored at the metric's resolution); standardized
/// residuals are summed above a slack <c>k</c>, and a sum beyond <c>h</c> is a drift. The onset is where the tripping sum
/// last left zero.
/// </summary>
public static class DriftDetector
{
    public const double DefaultSlack = 0.75;
    public const double DefaultDecisionInterval = 10;

    /// <summary>Drift against the stream's own calibration mean.</summary>
    public static SensorFault? Detect(MetricFaultProfile profile, ReadOnlySpan<TimedValue> series, int calibrationCount) =>
        Detect(profile, series, reference: default, calibrationCount);

    /// <summary>
    /// Drift of the residuals series - reference (<paramref name="reference"/> aligned with <paramref name="series"/>,
    /// or empty for none).
    /// </summary>
    public static SensorFault? Detect(
        MetricFaultProfile profile,
        ReadOnlySpan<TimedValue> series,
        ReadOnlySpan<double> reference,
        int calibrationCount,
        double slack = DefaultSlack,
        double decisionInterval = DefaultDecisionInterval)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(calibrationCount, 3);
        if (!reference.IsEmpty && reference.Length != series.Length)
        {
            throw new ArgumentException("The reference must be aligned with the series, one value per reading.", nameof(reference));
        }

        if (series.Length <= calibrationCount)
        {
            return null;
        }

        double Residual(int i, ReadOnlySpan<TimedValue> s, ReadOnlySpan<double> r) => s[i].Value - (r.IsEmpty ? 0 : r[i]);

        double mean = 0, squares = 0;
        for (var i = 0; i < calibrationCount; i++)
        {
            mean += Residual(i, series, reference);
        }

        mean /= calibrationCount;
        for (var i = 0; i < calibrationCount; i++)
        {
            squares += Math.Pow(Residual(i, series, reference) - mean, 2);
        }

        var sd = Math.Max(Math.Sqrt(squares / (calibrationCount - 1)), profile.Resolution);
        if (sd <= 0)
        {
            return null;
        }

        double upper = 0, lower = 0;
        int upperStart = calibrationCount, lowerStart = calibrationCount;
        for (var i = calibrationCount; i < series.Length; i++)
        {
            var z = (Residual(i, series, reference) - mean) / sd;
            upperStart = upper == 0 ? i : upperStart;
            lowerStart = lower == 0 ? i : lowerStart;
            upper = Math.Max(0, upper + z - slack);
            lower = Math.Max(0, lower - z - slack);
            if (upper > decisionInterval || lower > decisionInterval)
            {
                var rising = upper > decisionInterval;
                var onset = series[rising ? upperStart : lowerStart].Ts;
                return new SensorFault(
                    SensorFaultKind.Drift, profile.Metric, series[i].Ts, rising ? upper : -lower, decisionInterval,
                    string.Create(CultureInfo.InvariantCulture, $"{profile.Metric} drifting {(rising ? "up" : "down")} against {(reference.IsEmpty ? "its baseline" : "its reference")} since about {onset:O} (CUSUM {Math.Max(upper, lower):0.#} > {decisionInterval} sd)"));
            }
        }

        return null;
    }
}
