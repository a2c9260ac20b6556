using Edge.Cloud.ZoneLevels;

namespace Edge.Cloud.Tests.ZoneLevels;

/// <summary>Corroboration, hysteresis and dwell of zone warning levels, on a clock the test moves.</summary>
public sealed class ZoneLevelPolicyTests
{
    private static readonly ZoneLevelOptions Options = new() { CorroboratingSensors = 2, MinimumDwell = TimeSpan.FromMinutes(30), LowerAfter = TimeSpan.FromMinutes(15) };
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(5, 0, 0, 0, "normal")]
    [InlineData(5, 1, 0, 0, "advisory")]
    [InlineData(5, 1, 1, 0, "watch")]
    [InlineData(5, 1, 1, 1, "watch")] // one critical sensor alone: not corroborated
    [InlineData(5, 2, 2, 1, "warning")]
    [InlineData(5, 2, 2, 2, "evacuate")]
    [InlineData(1, 1, 1, 1, "evacuate")] // a zone with one sensor needs only that one
    public void Requested_BySensorsInAlert_NeedsCorroborationForTheHighestLevels(int sensors, int alerted, int warning, int critical, string expected) =>
        Assert.Equal(expected, ZoneLevelPolicy.Requested(new ZoneAlerts(sensors, alerted, warning, critical), Options.CorroboratingSensors).ToText());

    [Fact]
    public void Next_HigherLevel_IsTakenAtOnce()
    {
        var state = new DerivedState(WarningLevel.Advisory, Start, null);

        var next = ZoneLevelPolicy.Next(state, WarningLevel.Evacuate, Start.AddSeconds(1), Options);

        Assert.Equal(new DerivedState(WarningLevel.Evacuate, Start.AddSeconds(1), null), next);
    }

    [Fact]
    public void Next_LowerLevel_WaitsForHysteresisAndDwell()
    {
        var clock = new ManualTimeProvider(Start);
        var state = new DerivedState(WarningLevel.Warning, Start, null);

        clock.Advance(TimeSpan.FromMinutes(20));
        state = ZoneLevelPolicy.Next(state, WarningLevel.Normal, clock.GetUtcNow(), Options); // starts counting
        Assert.Equal((WarningLevel.Warning, Start.AddMinutes(20)), (state.Level, state.LowerSince));

        clock.Advance(TimeSpan.FromMinutes(14));
        state = ZoneLevelPolicy.Next(state, WarningLevel.Normal, clock.GetUtcNow(), Options);
        Assert.Equal(WarningLevel.Warning, state.Level); // 14 min below: hysteresis not met

        clock.Advance(TimeSpan.FromMinutes(1));
        state = ZoneLevelPolicy.Next(state, WarningLevel.Normal, clock.GetUtcNow(), Options);
        Assert.Equal(new DerivedState(WarningLevel.Normal, Start.AddMinutes(35), null), state);
    }

    [Fact]
    public void Next_LowerLevelSoonAfterRaising_IsHeldForTheMinimumDwell()
    {
        var state = new DerivedState(WarningLevel.Watch, Start, null);

        state = ZoneLevelPolicy.Next(state, WarningLevel.Advisory, Start.AddMinutes(1), Options);
        state = ZoneLevelPolicy.Next(state, WarningLevel.Advisory, Start.AddMinutes(20), Options); // 19 min below, but held only 20 of 30
        Assert.Equal(WarningLevel.Watch, state.Level);

        state = ZoneLevelPolicy.Next(state, WarningLevel.Advisory, Start.AddMinutes(30), Options);
        Assert.Equal(WarningLevel.Advisory, state.Level);
    }

    [Fact]
    public void Next_SensorsAskAgainBeforeHysteresis_RestartsTheCount()
    {
        var state = new DerivedState(WarningLevel.Watch, Start, null);

        state = ZoneLevelPolicy.Next(state, WarningLevel.Normal, Start.AddMinutes(40), Options);
        state = ZoneLevelPolicy.Next(state, WarningLevel.Watch, Start.AddMinutes(50), Options); // flapping back up
        state = ZoneLevelPolicy.Next(state, WarningLevel.Normal, Start.AddMinutes(56), Options);

        Assert.Equal((WarningLevel.Watch, Start.AddMinutes(56)), (state.Level, state.LowerSince));
    }
}
