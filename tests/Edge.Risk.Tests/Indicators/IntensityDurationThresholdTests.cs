using Edge.Risk.Features;
using Edge.Risk.Indicators;
using FsCheck;
using FsCheck.Fluent;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Indicators;

public sealed class IntensityDurationThresholdTests
{
    private static readonly IntensityDurationThreshold Caine = IntensityDurationThreshold.Caine1980;
    private static readonly IntensityDurationThreshold Guzzetti = IntensityDurationThreshold.Guzzetti2008Global;

    [Theory]
    // Caine 1980 worked values: at 1 h the curve is 14.82 mm/h; at 10 h 14.82 * 10^-0.39 = 6.037 mm/h; at 100 h 2.460 mm/h.
    [InlineData(1, 14.82)]
    [InlineData(10, 6.0374)]
    [InlineData(100, 2.4595)]
    public void IntensityAt_Caine_PublishedCurve(double hours, double expected)
    {
        Assert.Equal(expected, Caine.IntensityAt(hours), 3);
    }

    [Theory]
    // Guzzetti et al. 2008 global: 2.20 mm/h at 1 h, 2.20 * 24^-0.44 = 0.543 mm/h at 24 h.
    [InlineData(1, 2.20)]
    [InlineData(24, 0.5434)]
    public void IntensityAt_Guzzetti_PublishedCurve(double hours, double expected)
    {
        Assert.Equal(expected, Guzzetti.IntensityAt(hours), 3);
    }

    [Fact]
    public void Assess_TenHoursAboveAndBelowCaine_ExceededThenBelow()
    {
        var above = Caine.Assess(10, 6.5);
        var below = Caine.Assess(10, 5.5);

        Assert.Equal(ThresholdVerdict.Exceeded, above.Verdict);
        Assert.True(above.Ratio > 1);
        Assert.Equal(ThresholdVerdict.Below, below.Verdict);
        Assert.Equal(6.0374, below.ThresholdIntensityMmPerHour!.Value, 3);
    }

    [Fact]
    public void Assess_SameEvent_BelowCaineButAboveTheLowerGlobalMinimum()
    {
        // 24 h at 2 mm/h: Caine's curve is 4.29 mm/h, Guzzetti's global minimum 0.54 mm/h.
        Assert.Equal(ThresholdVerdict.Below, Caine.Assess(24, 2).Verdict);
        Assert.Equal(ThresholdVerdict.Exceeded, Guzzetti.Assess(24, 2).Verdict);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.05)]
    [InlineData(500)]
    [InlineData(900)]
    public void Assess_OutsideCaineRange_NotApplicable(double hours)
    {
        var assessment = Caine.Assess(hours, 1000);

        Assert.Equal(ThresholdVerdict.NotApplicable, assessment.Verdict);
        Assert.Null(assessment.ThresholdIntensityMmPerHour);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1000)]
    [InlineData(2000)]
    public void Assess_OutsideGuzzettiRange_NotApplicable(double hours)
    {
        Assert.Equal(ThresholdVerdict.NotApplicable, Guzzetti.Assess(hours, 1000).Verdict);
    }

    [Fact]
    public void Assess_RainfallEvent_UsesItsDurationAndMeanIntensity()
    {
        var storm = new RainfallEvent(T0, T0.AddHours(3), 36, Ongoing: true, Truncated: false);

        var assessment = Caine.Assess(storm);

        Assert.Equal(3, assessment.DurationHours, 9);
        Assert.Equal(12, assessment.MeanIntensityMmPerHour, 9);
        Assert.Equal(ThresholdVerdict.Exceeded, assessment.Verdict);
    }

    [Fact]
    public void Assess_InsideTheRange_ExceededExactlyWhenAtOrAboveTheCurve()
    {
        var durations = Gen.Choose(2, 4999).Select(d => d / 10.0);
        var factors = Gen.Choose(1, 400).Select(f => f / 100.0);
        Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true), Prop.ForAll(Arb.From(durations), Arb.From(factors), (hours, factor) =>
        {
            var intensity = factor * Caine.IntensityAt(hours);
            var expected = intensity >= Caine.IntensityAt(hours) ? ThresholdVerdict.Exceeded : ThresholdVerdict.Below;
            Assert.Equal(expected, Caine.Assess(hours, intensity).Verdict);
        }));
    }
}
