using Edge.Risk.Faults;
using Edge.Risk.Tests.Testing;
using Edge.Telemetry;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Faults;

public sealed class StreamFaultsTests
{
    private static readonly MetricFaultProfile River = MetricFaultProfile.For(CanonicalMetrics.WaterLevelM);

    private static IReadOnlyList<SensorFault> Detect(TimedValue[] series, TimeSpan? silentFor = null) =>
        StreamFaults.Detect(River, series, series[^1].Ts + (silentFor ?? TimeSpan.Zero), CleanStreams.Interval);

    [Theory]
    [MemberData(nameof(Seeds), MemberType = typeof(Series))]
    public void Detect_CleanRiver_NoFault(int seed)
    {
        Assert.Empty(Detect(CleanStreams.River(432, seed)));
    }

    [Fact]
    public void Detect_StuckFromReport300_StuckValueAtTheLastReading()
    {
        var series = CleanStreams.River(432, 1);
        for (var i = 300; i < series.Length; i++)
        {
            series[i] = series[i] with { Value = series[300].Value };
        }

        var fault = Assert.Single(Detect(series));

        Assert.Equal(SensorFaultKind.StuckValue, fault.Kind);
        Assert.Equal(series[^1].Ts, fault.At);
    }

    [Fact]
    public void Detect_StuckShorterThanTheRun_NoStuckValue()
    {
        var series = CleanStreams.River(432, 1);
        for (var i = 400; i < series.Length; i++)
        {
            series[i] = series[i] with { Value = series[400].Value };
        }

        Assert.DoesNotContain(Detect(series), fault => fault.Kind == SensorFaultKind.StuckValue);
    }

    [Fact]
    public void Detect_TwoMetreStepInTenMinutes_OutOfPhysicsJumpThere()
    {
        var series = CleanStreams.River(432, 1);
        for (var i = 200; i < series.Length; i++)
        {
            series[i] = series[i] with { Value = series[i].Value + 2 };
        }

        var fault = Assert.Single(Detect(series));

        Assert.Equal(SensorFaultKind.OutOfPhysicsJump, fault.Kind);
        Assert.Equal(series[200].Ts, fault.At);
        Assert.True(fault.Statistic > 11, $"{fault.Statistic} m/h");
    }

    [Fact]
    public void Detect_FloodRisingHalfAMetreAnHour_NoFault()
    {
        // A hazard, not a fault: fast but physical.
        var series = CleanStreams.River(432, 1);
        for (var i = 300; i < series.Length; i++)
        {
            series[i] = series[i] with { Value = series[i].Value + (0.5 * (i - 300) / 6) };
        }

        Assert.Empty(Detect(series));
    }

    [Fact]
    public void Detect_OneSpikeOfThreeMetres_SpikeOnlyNotTwoJumps()
    {
        var series = CleanStreams.River(432, 1).With(250, v => v + 3);

        var fault = Assert.Single(Detect(series));

        Assert.Equal(SensorFaultKind.Spike, fault.Kind);
        Assert.Equal(series[250].Ts, fault.At);
    }

    [Fact]
    public void Detect_SilentForThreeIntervals_Silence()
    {
        var series = CleanStreams.River(100, 1);

        Assert.Empty(Detect(series, TimeSpan.FromMinutes(29)));
        var fault = Assert.Single(Detect(series, TimeSpan.FromMinutes(30)));
        Assert.Equal(SensorFaultKind.Silence, fault.Kind);
        Assert.Equal(0, FaultWeights.Of([fault]));
    }

    [Fact]
    public void Detect_BatteryFallingTowardsCutoff_DyingBattery()
    {
        var battery = CleanStreams.Battery(3 * 144, startV: 3.7, perDayV: -0.05);

        var fault = Assert.Single(StreamFaults.Detect(MetricFaultProfile.For(CanonicalMetrics.BatteryV), battery, battery[^1].Ts, CleanStreams.Interval));

        Assert.Equal(SensorFaultKind.DyingBattery, fault.Kind);
        // 0.25 V above the cut-off at 0.05 V a day: about five days (the solar ripple biases the fit a little).
        Assert.InRange(fault.Statistic, 3 * 24, 6 * 24);
    }

    [Fact]
    public void Detect_BatteryHoldingUnderSolarCharge_NoFault()
    {
        var battery = CleanStreams.Battery(3 * 144, startV: 4.0, perDayV: 0);

        Assert.Empty(StreamFaults.Detect(MetricFaultProfile.For(CanonicalMetrics.BatteryV), battery, battery[^1].Ts, CleanStreams.Interval));
    }

    [Fact]
    public void Detect_BatteryBelowCutoff_DyingBatteryNow()
    {
        var fault = DyingBatteryDetector.Detect(Every(10, [3.4, 3.35, 3.2]), 3.3, TimeSpan.FromDays(7));

        Assert.Equal(0, fault!.Statistic);
        Assert.Equal(At(20), fault.At);
    }
}
