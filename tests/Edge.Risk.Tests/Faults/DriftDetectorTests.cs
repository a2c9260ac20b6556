using Edge.Risk.Faults;
using Edge.Risk.Tests.Testing;
using Edge.Telemetry;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Faults;

public sealed class DriftDetectorTests
{
    private static readonly MetricFaultProfile River = MetricFaultProfile.For(CanonicalMetrics.WaterLevelM);

    /// <summary>A neighbour gauge on the same reach: the same river, its own noise.</summary>
    private static double[] Neighbour(int count, int seed) => [.. CleanStreams.River(count, seed + 100).Select(r => r.Value)];

    [Theory]
    [MemberData(nameof(Seeds), MemberType = typeof(Series))]
    public void Detect_AgreesWithNeighbour_NoDrift(int seed)
    {
        Assert.Null(DriftDetector.Detect(River, CleanStreams.River(1000, seed), Neighbour(1000, seed), calibrationCount: 144));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Detect_DriftingHalfAMillimetrePerReportFrom500_FoundSoonAfterWithItsOnset(int seed)
    {
        var series = CleanStreams.River(1000, seed);
        for (var i = 500; i < series.Length; i++)
        {
            series[i] = series[i] with { Value = series[i].Value + (0.0005 * (i - 500)) };
        }

        var fault = DriftDetector.Detect(River, series, Neighbour(1000, seed), calibrationCount: 144);

        Assert.NotNull(fault);
        Assert.Equal(SensorFaultKind.Drift, fault.Kind);
        Assert.InRange(fault.At, series[500].Ts, series[540].Ts);
        Assert.Contains("drifting up", fault.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_SteadySignalAgainstItsOwnBaseline_DownwardShiftFound()
    {
        var series = CleanStreams.Signal(600, 4, noise: 0.1, level: 30, dailySwing: 0);
        for (var i = 400; i < series.Length; i++)
        {
            series[i] = series[i] with { Value = series[i].Value - 0.1 };
        }

        var soil = MetricFaultProfile.For(CanonicalMetrics.SoilMoisturePct);
        var fault = DriftDetector.Detect(soil, series, calibrationCount: 144);

        Assert.NotNull(fault);
        Assert.InRange(fault.At, series[400].Ts, series[480].Ts);
        Assert.Null(DriftDetector.Detect(soil, series.AsSpan(0, 400), calibrationCount: 144));
    }

    [Fact]
    public void Detect_ReferenceOfAnotherLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => DriftDetector.Detect(River, CleanStreams.River(200, 1), new double[199], 144));
    }
}
