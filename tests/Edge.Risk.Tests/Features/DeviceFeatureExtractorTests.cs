using Edge.Risk.Features;
using Edge.Telemetry;
using FsCheck.Fluent;
using FsCheck;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Features;

public sealed class DeviceFeatureExtractorTests
{
    private static readonly FeatureOptions TenMinuteReports = new() { ReportInterval = TimeSpan.FromMinutes(10) };

    private static Dictionary<string, double> Values(params (string Metric, double Value)[] values) =>
        values.ToDictionary(v => v.Metric, v => v.Value);

    [Fact]
    public void Snapshot_SteadyRain_AccumulatesOverEachWindow()
    {
        var extractor = new DeviceFeatureExtractor(TenMinuteReports);
        for (var i = 0; i < 6 * 80; i++)
        {
            extractor.Add(At(i * 10), Values((CanonicalMetrics.RainMm, 0.5)));
        }

        var features = extractor.Snapshot(At(479 * 10));

        Assert.Equal(3, features.Rain1hMm!.Value, 9);
        Assert.Equal(9, features.Rain3hMm!.Value, 9);
        Assert.Equal(72, features.Rain24hMm!.Value, 9);
        Assert.Equal(216, features.Rain72hMm!.Value, 9);
        Assert.True(features.LatestRainfallEvent!.Ongoing);
        Assert.Equal(3, features.LatestRainfallEvent.MeanIntensityMmPerHour, 6);
        Assert.True(features.AntecedentPrecipitationIndexMm > 72);
        Assert.Equal(1, features.Completeness);
    }

    [Fact]
    public void Snapshot_ReadingsOutOfOrderWithinLateness_SameFeaturesAsInOrder()
    {
        var inOrder = new DeviceFeatureExtractor(TenMinuteReports);
        var shuffled = new DeviceFeatureExtractor(TenMinuteReports);
        var reports = Enumerable.Range(0, 60)
            .Select(i => (Ts: At(i * 10), Values: Values((CanonicalMetrics.RainMm, i % 7), (CanonicalMetrics.WaterLevelM, 1 + (0.01 * i)), (CanonicalMetrics.DisplacementMm, 0.1 * i * i))))
            .ToArray();
        foreach (var report in reports)
        {
            inOrder.Add(report.Ts, report.Values);
        }

        // Pairs swapped, and every fifth report held back by 40 minutes (lateness is 1 h).
        var arrival = reports.Select((r, i) => (r, Key: i % 5 == 0 ? i + 4.5 : i % 2 == 0 ? i + 1.5 : i)).OrderBy(x => x.Key).Select(x => x.r);
        foreach (var report in arrival)
        {
            shuffled.Add(report.Ts, report.Values);
        }

        Assert.Equal(inOrder.Snapshot(At(600)), shuffled.Snapshot(At(600)));
        Assert.Equal(0, shuffled.TooLate);
    }

    [Fact]
    public void Snapshot_AnyArrivalOrderWithinLateness_SameFeaturesAsInOrder()
    {
        // Each report delayed by 0 to 50 min (lateness 1 h), so arrival order is a bounded shuffle.
        var delays = Gen.Choose(0, 5).ArrayOf(72);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(50).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(delays), delay =>
        {
            var reports = Enumerable.Range(0, 72)
                .Select(i => (Ts: At(i * 10), Values: Values((CanonicalMetrics.RainMm, (i * 7) % 5), (CanonicalMetrics.SoilMoisturePct, 20 + Math.Sin(i)), (CanonicalMetrics.TiltXDeg, 0.01 * i))))
                .ToArray();
            var inOrder = new DeviceFeatureExtractor(TenMinuteReports);
            var shuffled = new DeviceFeatureExtractor(TenMinuteReports);
            foreach (var report in reports)
            {
                inOrder.Add(report.Ts, report.Values);
            }

            foreach (var report in reports.Select((r, i) => (r, Arrival: (i + delay[i]) * 10.0 + (i * 0.001))).OrderBy(x => x.Arrival).Select(x => x.r))
            {
                shuffled.Add(report.Ts, report.Values);
            }

            Assert.Equal(inOrder.Snapshot(At(720)), shuffled.Snapshot(At(720)));
        }));
    }

    [Fact]
    public void Add_ReadingLaterThanTheLateness_IgnoredAndCounted()
    {
        var extractor = new DeviceFeatureExtractor(TenMinuteReports);
        extractor.Add(At(120), Values((CanonicalMetrics.RainMm, 1)));

        extractor.Add(At(30), Values((CanonicalMetrics.RainMm, 50)));

        Assert.Equal(1, extractor.TooLate);
        Assert.Equal(1, extractor.Snapshot(At(120)).Rain24hMm);
    }

    [Fact]
    public void Add_SameReportTwice_CountedOnce()
    {
        var extractor = new DeviceFeatureExtractor(TenMinuteReports);
        extractor.Add(At(0), Values((CanonicalMetrics.RainMm, 2)));
        extractor.Add(At(10), Values((CanonicalMetrics.RainMm, 3)));
        extractor.Add(At(0), Values((CanonicalMetrics.RainMm, 2)));

        var features = extractor.Snapshot(At(10));

        Assert.Equal(5, features.Rain1hMm);
        Assert.Equal(5, features.AntecedentPrecipitationIndexMm!.Value, 9);
    }

    [Fact]
    public void Constructor_DecayOutsideZeroToOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceFeatureExtractor(new FeatureOptions { ApiDecayPerDay = 1 }));
    }

    [Fact]
    public void Snapshot_RisingRiverAndAcceleratingSlope_RatesInUnitsPerHour()
    {
        var extractor = new DeviceFeatureExtractor(TenMinuteReports);
        for (var i = 0; i <= 12; i++)
        {
            // Water rises 0.05 m per 10 min; displacement d = t^2 (t in hours): velocity 2t, acceleration 2 mm/h^2.
            var hours = i / 6.0;
            extractor.Add(At(i * 10), Values((CanonicalMetrics.WaterLevelM, 1 + (0.05 * i)), (CanonicalMetrics.DisplacementMm, hours * hours), (CanonicalMetrics.TiltXDeg, 0.3 * hours), (CanonicalMetrics.TiltYDeg, 0.4 * hours)));
        }

        var features = extractor.Snapshot(At(120));

        Assert.Equal(1.6, features.WaterLevelM!.Value, 9);
        Assert.Equal(0.3, features.WaterLevelRiseMPerHour!.Value, 9);
        // The last hour is (1 h, 2 h]: six reports at 70..120 min; the slope of t^2 over them is 2 * mean t = 19/6.
        Assert.Equal(19.0 / 6, features.DisplacementVelocityMmPerHour!.Value, 6);
        Assert.Equal(2, features.DisplacementAccelerationMmPerHour2!.Value, 6);
        Assert.Equal(0.5, features.TiltRateDegPerHour!.Value, 9);
        Assert.Null(features.Rain1hMm);
        Assert.Null(features.SoilMoisturePct);
    }

    [Fact]
    public void Snapshot_SoilMoistureRising_TrendOverTheTrendWindow()
    {
        var extractor = new DeviceFeatureExtractor(TenMinuteReports);
        for (var i = 0; i <= 36; i++)
        {
            extractor.Add(At(i * 10), Values((CanonicalMetrics.SoilMoisturePct, 20 + (0.5 * i)), (CanonicalMetrics.PorePressureKpa, 5)));
        }

        var features = extractor.Snapshot(At(360));

        Assert.Equal(38, features.SoilMoisturePct);
        Assert.Equal(3, features.SoilMoistureTrendPctPerHour!.Value, 9);
        Assert.Equal(0, features.PorePressureTrendKpaPerHour!.Value, 9);
    }

    [Fact]
    public void Snapshot_HalfTheReportsMissingThenSilence_CompletenessFalls()
    {
        var extractor = new DeviceFeatureExtractor(TenMinuteReports);
        for (var i = 0; i < 36 * 2; i += 2)
        {
            extractor.Add(At(i * 10), Values((CanonicalMetrics.WaterLevelM, 1)));
        }

        Assert.Equal(0.5, extractor.Snapshot(At(710)).Completeness, 2);
        Assert.Equal(0.25, extractor.Snapshot(At(710 + 180)).Completeness, 2);
        Assert.Equal(0, extractor.Snapshot(At(710 + 360)).Completeness);
    }
}
