namespace Edge.Risk.Features;

/// <summary>
/// An ordinary least-squares line y = <see cref="Intercept"/> + <see cref="Slope"/> * x, with x in hours since
/// <see cref="Origin"/>, and what is needed to judge it: the number of points, R^2, the residual standard deviation and
/// the slope's standard error (both NaN with fewer than three points).
/// </summary>
public readonly record struct LineFit(
    DateTimeOffset Origin,
    int Count,
    double Slope,
    double Intercept,
    double RSquared,
    double ResidualStandardDeviation,
    double SlopeStandardError,
    double MeanX,
    double SumSquaresX)
{
    /// <summary>Fits the values against their measurement times; null with fewer than two distinct times.</summary>
    public static LineFit? Of(ReadOnlySpan<TimedValue> points)
    {
        if (points.Length < 2)
        {
            return null;
        }

        var origin = points[0].Ts;
        double meanX = 0, meanY = 0;
        foreach (var point in points)
        {
            meanX += Hours(point.Ts, origin);
            meanY += point.Value;
        }

        meanX /= points.Length;
        meanY /= points.Length;
        double sxx = 0, sxy = 0, syy = 0;
        foreach (var point in points)
        {
            var dx = Hours(point.Ts, origin) - meanX;
            var dy = point.Value - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        if (sxx <= 0)
        {
            return null;
        }

        var slope = sxy / sxx;
        var residual = Math.Max(0, syy - (slope * sxy));
        var rSquared = syy > 0 ? 1 - (residual / syy) : 1;
        var sd = points.Length > 2 ? Math.Sqrt(residual / (points.Length - 2)) : double.NaN;
        return new LineFit(origin, points.Length, slope, meanY - (slope * meanX), rSquared, sd, sd / Math.Sqrt(sxx), meanX, sxx);
    }

    /// <summary>Hours from <paramref name="origin"/> to <paramref name="ts"/>.</summary>
    public static double Hours(DateTimeOffset ts, DateTimeOffset origin) => (ts - origin).TotalHours;
}
