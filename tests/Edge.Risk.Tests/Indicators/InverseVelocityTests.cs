using Edge.Risk.Indicators;
using Edge.Risk.Tests.Testing;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Indicators;

/// <summary>
/// Synthetic creep to failure v = A / (tf - t) (Fukuzono 1985: 1/v linear in t, reaching zero at tf), integrated to
/// displacement d = A ln(tf / (tf - t)), sampled every 30 min, with seeded measurement noise.
/// </summary>
public sealed class InverseVelocityTests
{
    private const double FailureHours = 48;
    private const double A = 20; // mm: v = 20 / (48 - t) mm/h, 0.42 mm/h at the start, 2 mm/h 10 h before failure.

    private static TimedValue[] Creep(int count, double noiseMm, int seed = 1, double stepHours = 0.5)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var hours = i * stepHours;
            return new TimedValue(T0.AddHours(hours), (A * Math.Log(FailureHours / (FailureHours - hours))) + (noiseMm * Gaussian(random)));
        })];
    }

    [Fact]
    public void Forecast_AcceleratingCreep_FailureTimeWithinTheBand()
    {
        var forecast = InverseVelocity.Forecast(Creep(80, noiseMm: 0.005));

        Assert.Equal(InverseVelocityStatus.Credible, forecast.Status);
        var failure = T0.AddHours(FailureHours);
        Assert.InRange(failure, forecast.Earliest!.Value, forecast.Latest!.Value);
        Assert.InRange((forecast.PredictedFailure!.Value - failure).Duration(), TimeSpan.Zero, TimeSpan.FromHours(3));
        Assert.True(forecast.BandWidth < TimeSpan.FromHours(8), $"band {forecast.BandWidth}");
    }

    [Fact]
    public void Forecast_MorePointsTowardsFailure_BandShrinks()
    {
        var early = InverseVelocity.Forecast(Creep(60, noiseMm: 0.005));
        var later = InverseVelocity.Forecast(Creep(90, noiseMm: 0.005));

        Assert.Equal(InverseVelocityStatus.Credible, early.Status);
        Assert.Equal(InverseVelocityStatus.Credible, later.Status);
        Assert.True(later.BandWidth < early.BandWidth, $"{later.BandWidth} < {early.BandWidth}");
        Assert.InRange(T0.AddHours(FailureHours), later.Earliest!.Value, later.Latest!.Value);
    }

    [Fact]
    public void Forecast_NoisierGaugeWithVelocityOverFourReports_StillCredible()
    {
        var forecast = InverseVelocity.Forecast(Creep(90, noiseMm: 0.02), new InverseVelocityOptions { ReportsPerVelocity = 4 });

        Assert.Equal(InverseVelocityStatus.Credible, forecast.Status);
        Assert.InRange(T0.AddHours(FailureHours), forecast.Earliest!.Value, forecast.Latest!.Value);
    }

    [Fact]
    public void Forecast_SteadyCreepThenAcceleration_FitsTheAcceleratingPhaseOnly()
    {
        // 24 h of steady creep at the starting velocity (0.42 mm/h), then the accelerating series to 45 h.
        var steady = Enumerable.Range(0, 48).Select(i => new TimedValue(T0.AddHours((i * 0.5) - 24), (A / FailureHours) * ((i * 0.5) - 24)));
        var series = steady.Concat(Creep(90, noiseMm: 0)).ToArray();

        var forecast = InverseVelocity.Forecast(series);

        Assert.Equal(InverseVelocityStatus.Credible, forecast.Status);
        Assert.True(forecast.PhaseStart >= T0.AddHours(-1), $"phase from {forecast.PhaseStart}");
        Assert.InRange((forecast.PredictedFailure!.Value - T0.AddHours(FailureHours)).Duration(), TimeSpan.Zero, TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Forecast_NoiselessCreep_FailureTimeWithinMinutes()
    {
        var forecast = InverseVelocity.Forecast(Creep(80, noiseMm: 0));

        Assert.Equal(InverseVelocityStatus.Credible, forecast.Status);
        Assert.InRange((forecast.PredictedFailure!.Value - T0.AddHours(FailureHours)).Duration(), TimeSpan.Zero, TimeSpan.FromMinutes(10));
    }

    [Theory]
    [MemberData(nameof(Seeds), MemberType = typeof(Series))]
    public void Forecast_SteadyCreepWithNoise_NoAnswer(int seed)
    {
        // 0.5 mm/h steady, 0.02 mm noise: no acceleration to extrapolate.
        var random = new Random(seed);
        var steady = Enumerable.Range(0, 80).Select(i => new TimedValue(T0.AddHours(i * 0.5), (0.25 * i) + (0.02 * Gaussian(random)))).ToArray();

        var forecast = InverseVelocity.Forecast(steady);

        Assert.NotEqual(InverseVelocityStatus.Credible, forecast.Status);
        Assert.Null(forecast.PredictedFailure);
    }

    [Theory]
    [MemberData(nameof(Seeds), MemberType = typeof(Series))]
    public void Forecast_AcceleratingButNoisierThanTheMovement_NoAnswer(int seed)
    {
        var forecast = InverseVelocity.Forecast(Creep(60, noiseMm: 1.0, seed));

        Assert.NotEqual(InverseVelocityStatus.Credible, forecast.Status);
        Assert.Null(forecast.PredictedFailure);
    }

    [Fact]
    public void Forecast_StillSlope_NotAccelerating()
    {
        var still = Enumerable.Range(0, 30).Select(i => new TimedValue(T0.AddHours(i), 12.5)).ToArray();

        Assert.NotEqual(InverseVelocityStatus.Credible, InverseVelocity.Forecast(still).Status);
    }

    [Fact]
    public void Forecast_FewReadings_NotEnoughPoints()
    {
        Assert.Equal(InverseVelocityStatus.NotEnoughPoints, InverseVelocity.Forecast(Creep(5, noiseMm: 0)).Status);
    }
}
