using Edge.FirmwareSim.Hydrology;
using Edge.FirmwareSim.Scenarios;
using Edge.FirmwareSim.Tests.Sensors;

namespace Edge.FirmwareSim.Tests.Hydrology;

public sealed class SiteConditionsTests
{
    [Fact]
    public void At_Storm_SoilMoistureRisesOnlyAfterTheRainStartsAndPeaksAfterTheRainPeak()
    {
        var (site, minutes) = Run("storm");
        var rainStart = minutes.FindIndex(state => state.RainMmh > 0);
        var rainPeak = IndexOfMax(minutes, state => state.RainMmh);
        var initial = minutes[rainStart].SoilMoisturePct;

        var firstResponse = minutes.FindIndex(rainStart, state => state.SoilMoisturePct > initial + 0.5);
        var soilPeak = IndexOfMax(minutes, state => state.SoilMoisturePct);

        Assert.Equal(6 * 60, rainStart); // hour 6, as the scenario says (index 360 is minute 361)
        Assert.True(firstResponse - rainStart >= 15, $"the soil answered {firstResponse - rainStart} min after the rain began: no infiltration lag");
        Assert.True(soilPeak - rainPeak >= 60, $"soil moisture peaked {soilPeak - rainPeak} min after the rain did");
        Assert.True(minutes[soilPeak].SoilMoisturePct - initial > 5, "a 60 mm storm wets the soil by more than 5 %");
        Assert.True(minutes[^1].SoilMoisturePct < minutes[soilPeak].SoilMoisturePct - 0.5, "the soil drains after the storm");
        Assert.True(IndexOfMax(minutes, state => state.PorePressureKpa) > rainPeak, "pore pressure peaks after the rain");
        Assert.NotNull(site);
    }

    [Fact]
    public void At_Storm_RiverPeaksHoursAfterTheRainPeak()
    {
        var (_, minutes) = Run("storm");
        var rainPeak = IndexOfMax(minutes, state => state.RainMmh);
        var riverPeak = IndexOfMax(minutes, state => state.RiverRiseM);

        Assert.InRange(riverPeak - rainPeak, 90, 8 * 60);
        Assert.InRange(minutes[riverPeak].RiverRiseM, 0.2, 3);
        Assert.InRange(minutes[rainPeak - 200].RiverRiseM, -0.05, 0.05); // nothing before the storm
    }

    [Fact]
    public void At_RiverFlood_RiverRisesSeveralMetresAndFallsAgain()
    {
        var (_, minutes) = Run("river-flood");
        var riverPeak = IndexOfMax(minutes, state => state.RiverRiseM);

        Assert.InRange(minutes[riverPeak].RiverRiseM, 2, 10);
        Assert.True(minutes[^1].RiverRiseM < minutes[riverPeak].RiverRiseM / 2, "the flood recedes within the scenario");
    }

    [Fact]
    public void At_SameSeedAndSite_IsTheSameSeries_AnotherSeedGivesOtherShowers()
    {
        var calm = BuiltinScenarios.Calm;
        var first = new SiteConditions(calm, 3, 0);
        var second = new SiteConditions(calm, 3, 0);
        var other = new SiteConditions(calm, 4, 0);
        var minutes = Enumerable.Range(1, 20_000).ToList();

        Assert.Equal(minutes.Select(minute => first.At(minute)), minutes.Select(minute => second.At(minute)));
        Assert.NotEqual(minutes.Select(minute => first.At(minute).RainMmh), minutes.Select(minute => other.At(minute).RainMmh));
    }

    [Fact]
    public void DesignStorm_Defaults_GiveTheDocumentedDepthAndPeak()
    {
        var storm = new DesignStorm(new DesignStormDefinition { StartH = 1, DurationH = 6 });
        var intensities = Enumerable.Range(1, 9 * 60).Select(minute => storm.IntensityMmh(minute)).ToList();

        var depth = intensities.Sum() / 60;
        Assert.InRange(depth, 55, 70);
        Assert.InRange(intensities.Max(), 100, 200);
        Assert.Equal(60 + 144, intensities.IndexOf(intensities.Max())); // the peak at 0.4 of 6 h after the start
        Assert.Equal(60 + 144 + 1, storm.PeakReading); // index 204 is reading 205
        Assert.All(intensities.Take(60).Concat(intensities.Skip(7 * 60)), intensity => Assert.Equal(0, intensity));
    }

    private static (SiteConditions Site, List<SiteState> Minutes) Run(string scenario)
    {
        var site = TestSites.Of(scenario);
        var length = SimulatedClock.Readings(BuiltinScenarios.Load(scenario));
        return (site, [.. Enumerable.Range(1, (int)length).Select(minute => site.At(minute))]);
    }

    private static int IndexOfMax(List<SiteState> minutes, Func<SiteState, double> value)
    {
        var best = 0;
        for (var index = 1; index < minutes.Count; index++)
        {
            if (value(minutes[index]) > value(minutes[best]))
            {
                best = index;
            }
        }

        return best;
    }
}
