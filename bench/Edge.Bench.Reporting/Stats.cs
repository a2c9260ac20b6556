namespace Edge.Bench.Reporting;

/// <summary>Medians, percentiles and least-squares slopes.</summary>
public static class Stats
{
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The nearest-rank percentile (<paramref name="percent"/> in 0..100) of an ascending array.</summary>
    public static double Percentile(IReadOnlyList<double> sortedAscending, double percent)
    {
        if (sortedAscending.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sortedAscending.Count);
        return sortedAscending[Math.Clamp(rank - 1, 0, sortedAscending.Count - 1)];
    }

    /// <summary>Least-squares slope of <paramref name="ys"/> over <paramref name="xs"/> (units of y per unit of x).</summary>
    public static double Slope(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        if (xs.Count < 2)
        {
            return double.NaN;
        }

        var meanX = xs.Average();
        var meanY = ys.Average();
        double covariance = 0, variance = 0;
        for (var i = 0; i < xs.Count; i++)
        {
            covariance += (xs[i] - meanX) * (ys[i] - meanY);
            variance += (xs[i] - meanX) * (xs[i] - meanX);
        }

        return variance == 0 ? double.NaN : covariance / variance;
    }
}
