using Edge.Risk.Indicators;

namespace Edge.Risk.Tests.Indicators;

public sealed class RiverWarningLevelsTests
{
    private static readonly RiverWarningLevels Station = new(AdvisoryM: 2.0, WatchM: 2.5, WarningM: 3.0, RapidRiseMPerHour: 0.3);

    [Theory]
    [InlineData(1.2, RiverStage.Normal)]
    [InlineData(2.0, RiverStage.Advisory)]
    [InlineData(2.7, RiverStage.Watch)]
    [InlineData(3.4, RiverStage.Warning)]
    public void Assess_Level_Stage(double level, RiverStage expected)
    {
        Assert.Equal(expected, Station.Assess(level, 0).Stage);
    }

    [Fact]
    public void Assess_RisingFastBelowAdvisory_RapidRiseAndTimeToAdvisory()
    {
        var assessment = Station.Assess(1.4, 0.4);

        Assert.Equal(RiverStage.Normal, assessment.Stage);
        Assert.True(assessment.RapidRise);
        Assert.Equal(TimeSpan.FromHours(1.5), assessment.TimeToNextStage);
    }

    [Fact]
    public void Assess_Falling_NoTimeToNextStage()
    {
        var assessment = Station.Assess(2.6, -0.2);

        Assert.False(assessment.RapidRise);
        Assert.Null(assessment.TimeToNextStage);
    }

    [Fact]
    public void Assess_LevelsNotAscending_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new RiverWarningLevels(3, 2, 1, 0.3).Assess(1, 0));
    }
}
