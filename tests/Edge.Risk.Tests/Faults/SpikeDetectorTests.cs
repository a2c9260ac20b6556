using Edge.Risk.Faults;
using Edge.Risk.Tests.Testing;
using Edge.Telemetry;
using FsCheck.Fluent;
using FsCheck;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Faults;

public sealed class SpikeDetectorTests
{
    private static readonly MetricFaultProfile River = MetricFaultProfile.For(CanonicalMetrics.WaterLevelM);

    [Theory]
    [MemberData(nameof(Seeds), MemberType = typeof(Series))]
    public void Detect_CleanRiver_NoSpike(int seed)
    {
        Assert.Empty(SpikeDetector.Detect(River, CleanStreams.River(432, seed)));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(431)]
    public void Detect_HalfMetreSpikeInjected_FoundThereOnly(int index)
    {
        var series = CleanStreams.River(432, 1).With(index, v => v + 0.5);

        var spike = Assert.Single(SpikeDetector.Detect(River, series));

        Assert.Equal(series[index].Ts, spike.At);
        Assert.Equal(SensorFaultKind.Spike, spike.Kind);
        Assert.True(spike.Statistic > SpikeDetector.DefaultThreshold);
    }

    [Fact]
    public void Detect_AnyBoundedSeriesWithAHugeOutlier_FindsTheOutlier()
    {
        var cases = Gen.Choose(0, 1000).ArrayOf(30).Zip(Gen.Choose(0, 29));
        Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true), Prop.ForAll(Arb.From(cases), c =>
        {
            var (values, index) = c;
            var series = Every(10, values.Select(v => v / 1000.0)).With(index, _ => 1000);

            Assert.Contains(SpikeDetector.Detect(River, series), spike => spike.At == series[index].Ts);
        }));
    }
}
