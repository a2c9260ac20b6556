using Edge.Risk.Features;
using MathNet.Numerics.Distributions;

namespace Edge.Risk.Indicators;

/// <summary>
/// The inverse-velocity method (Fukuzono 1985; Voight 1988): in accelerating creep before failure 1/v falls roughly
/// linearly with time, and the time where the fitted line reaches zero forecasts the failure. The velocity samples are
/// taken from a displacement series; the accelerating phase is from the slowest sample to the newest. The band is the
/// delta-method standard error of the zero crossing times Student's t (docs/risk.md). It answers only when the trend is
/// credible (<see cref="InverseVelocityStatus"/>).
/// </summary>
public static class InverseVelocity
{
    /// <summary>Samples within this fraction of the slowest one count as the steady stretch before the acceleration.</summary>
    public const double PlateauTolerance = 0.05;

    /// <summary>Forecasts failure from cumulative displacement (any unit) in measurement-time order.</summary>
    public static FailureForecast Forecast(ReadOnlySpan<TimedValue> displacement, InverseVelocityOptions? options = null)
    {
        options ??= new InverseVelocityOptions();
        var step = Math.Max(1, options.ReportsPerVelocity);
        var inverse = new List<TimedValue>();
        for (var i = step; i < displacement.Length; i += step)
        {
            var hours = (displacement[i].Ts - displacement[i - step].Ts).TotalHours;
            var velocity = (displacement[i].Value - displacement[i - step].Value) / hours;
            var middle = displacement[i - step].Ts + ((displacement[i].Ts - displacement[i - step].Ts) / 2);
            inverse.Add(new TimedValue(middle, velocity > 0 ? 1 / velocity : double.PositiveInfinity));
        }

        var phaseStart = AcceleratingPhaseStart(inverse);
        var phase = inverse.GetRange(phaseStart, inverse.Count - phaseStart);
        if (phase.Count < Math.Max(3, options.MinPoints))
        {
            return NoForecast(InverseVelocityStatus.NotEnoughPoints, phase, null);
        }

        if (phase.Exists(p => !double.IsFinite(p.Value)))
        {
            return NoForecast(InverseVelocityStatus.NotAccelerating, phase, null);
        }

        var fit = LineFit.Of(phase.ToArray())!.Value;
        var t = StudentT.InvCDF(0, 1, fit.Count - 2, 1 - ((1 - options.Confidence) / 2));
        if (!(fit.Slope + (t * fit.SlopeStandardError) < 0))
        {
            return NoForecast(InverseVelocityStatus.NotAccelerating, phase, fit);
        }

        if (fit.RSquared < options.MinRSquared)
        {
            return NoForecast(InverseVelocityStatus.PoorFit, phase, fit);
        }

        // Zero crossing of y = meanY + b (x - meanX): x0 = meanX - meanY / b. Its variance by the delta method, with
        // var(meanY) = s^2 / n and var(b) = s^2 / Sxx independent: s^2 / (n b^2) + meanY^2 s^2 / (b^4 Sxx).
        var meanY = fit.Intercept + (fit.Slope * fit.MeanX);
        var crossing = fit.MeanX - (meanY / fit.Slope);
        var s2 = fit.ResidualStandardDeviation * fit.ResidualStandardDeviation;
        var b2 = fit.Slope * fit.Slope;
        var standardError = Math.Sqrt((s2 / (fit.Count * b2)) + (meanY * meanY * s2 / (b2 * b2 * fit.SumSquaresX)));
        var failure = fit.Origin + TimeSpan.FromHours(crossing);
        var half = TimeSpan.FromHours(t * standardError);
        return new FailureForecast(InverseVelocityStatus.Credible, fit.Count, phase[0].Ts, fit.RSquared, fit.Slope, failure, failure - half, failure + half);
    }

    /// <summary>
    /// Where the accelerating phase starts: the slowest sample (the largest 1/v), moved on to the last sample within
    /// <see cref="PlateauTolerance"/> of it, so a steady stretch before the acceleration is left out; after a halt or a
    /// reversal (v &lt;= 0), the sample after it.
    /// </summary>
    private static int AcceleratingPhaseStart(List<TimedValue> inverse)
    {
        var slowest = 0;
        for (var i = 1; i < inverse.Count; i++)
        {
            if (inverse[i].Value >= inverse[slowest].Value)
            {
                slowest = i;
            }
        }

        if (inverse.Count == 0 || double.IsPositiveInfinity(inverse[slowest].Value))
        {
            return inverse.Count == 0 ? 0 : slowest + 1;
        }

        var start = slowest;
        for (var i = slowest + 1; i < inverse.Count; i++)
        {
            if (inverse[i].Value >= (1 - PlateauTolerance) * inverse[slowest].Value)
            {
                start = i;
            }
        }

        return start;
    }

    private static FailureForecast NoForecast(InverseVelocityStatus status, List<TimedValue> phase, LineFit? fit) =>
        new(status, phase.Count, phase.Count > 0 ? phase[0].Ts : null, fit?.RSquared, fit?.Slope, null, null, null);
}
