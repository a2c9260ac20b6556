using Edge.FirmwareSim.Sensors;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Tests.Sensors;

public sealed class RainGaugeModelTests
{
    private const int Steps = 100_000;

    [Theory]
    [InlineData(1)]
    [InlineData(99)]
    public void Next_RainMm_IsAWholeNumberOfBucketTips(int seed)
    {
        var model = new RainGaugeModel(SimRandom.ForDevice(seed, 0), SensorModels.Step, TestSites.Calm(seed));

        for (var step = 0; step < Steps; step++)
        {
            var rain = model.Next()[CanonicalMetrics.RainMm];
            var tips = rain / RainGaugeModel.BucketMm;
            Assert.True(Math.Abs(tips - Math.Round(tips)) < 1e-9, $"step {step}: {rain} mm is not a multiple of 0.2 mm");
        }
    }

    [Fact]
    public void Next_OverTwoMonths_RainsInEpisodesSeparatedByDrySpells()
    {
        var model = new RainGaugeModel(SimRandom.ForDevice(1, 0), SensorModels.Step, TestSites.Calm(1));
        var raining = Enumerable.Range(0, Steps).Select(_ => model.Next()[CanonicalMetrics.RainRateMmh] > 0).ToList();

        var episodes = raining.Zip(raining.Skip(1)).Count(pair => !pair.First && pair.Second);
        var dryFraction = raining.Count(wet => !wet) / (double)Steps;
        Assert.InRange(episodes, 30, 300);
        Assert.InRange(dryFraction, 0.5, 0.95);
    }

    [Fact]
    public void Next_OverTwoMonths_BucketTotalMatchesTheRainRate()
    {
        var model = new RainGaugeModel(SimRandom.ForDevice(3, 0), SensorModels.Step, TestSites.Calm(3));
        double bucketTotal = 0;
        double rateIntegral = 0;

        for (var step = 0; step < Steps; step++)
        {
            var values = model.Next();
            bucketTotal += values[CanonicalMetrics.RainMm];
            rateIntegral += values[CanonicalMetrics.RainRateMmh] * SensorModels.Step.TotalHours;
        }

        Assert.True(bucketTotal > 100, $"only {bucketTotal} mm in two months");
        Assert.InRange(bucketTotal, rateIntegral * 0.98, rateIntegral * 1.02);
    }
}
