using System.Globalization;

namespace Edge.Risk.Faults;

/// <summary>
/// A reading far from what neighbouring sensors of the same kind read at about the same time (the cloud supplies them,
/// nearest first, from PostGIS): its distance from their median over their robust spread (1.4826 * MAD, floored at
/// <c>minSpread</c>, which should hold the natural difference between sites). Needs at least three neighbours.
/// </summary>
public static class NeighbourDisagreementDetector
{
    public const int MinNeighbours = 3;
    public const double DefaultThreshold = 3.5;

    public static SensorFault? Detect(string metric, TimedValue own, ReadOnlySpan<double> neighbours, double minSpread, double threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minSpread, 0);
        if (neighbours.Length < MinNeighbours)
        {
            return null;
        }

        var values = neighbours.ToArray();
        var median = SpikeDetector.Median(values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        var spread = Math.Max(1.4826 * SpikeDetector.Median(values), minSpread);
        var score = Math.Abs(own.Value - median) / spread;
        return score <= threshold ? null : new SensorFault(
            SensorFaultKind.NeighbourDisagreement, metric, own.Ts, score, threshold,
            string.Create(CultureInfo.InvariantCulture, $"{metric} {own.Value} against a median of {median} from {neighbours.Length} neighbours: robust z {score:0.0}"));
    }
}
