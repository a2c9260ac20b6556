using Edge.Telemetry.Decoding;
using Edge.Telemetry.Validation;

namespace Edge.Telemetry.Tests.Validation;

public sealed class ReadingValidatorTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static ValidatedTelemetry Validate(Dictionary<string, double> values, DateTimeOffset? timestamp = null) =>
        ReadingValidator.Validate(new DecodedTelemetry(timestamp, null, values), ReceivedAt);

    [Fact]
    public void Validate_ValuesInRange_AreAllAccepted()
    {
        var result = Validate(new() { ["water_level_m"] = 1.84, ["battery_v"] = 3.61, ["custom_metric"] = 12345 });

        Assert.False(result.IsRejected);
        Assert.Equal(3, result.Values.Count);
        Assert.Empty(result.Violations);
    }

    [Fact]
    public void Validate_NoTimestamp_UsesReceiveTime()
    {
        var result = Validate(new() { ["rain_mm"] = 0.2 });

        Assert.Equal(ReceivedAt, result.Timestamp);
    }

    [Theory]
    [InlineData("water_level_m", 150.0, "outside -10 to 100 m")]
    [InlineData("rain_mm", -0.2, "outside 0 to 500 mm")]
    [InlineData("soil_moisture_pct", 101.0, "outside 0 to 100 %")]
    [InlineData("tilt_x_deg", 91.0, "outside -90 to 90 deg")]
    [InlineData("battery_v", double.NaN, "battery_v is NaN")]
    [InlineData("custom_metric", double.PositiveInfinity, "custom_metric is infinite")]
    public void Validate_AbsurdValue_IsRefusedWithReason(string metric, double value, string reason)
    {
        var result = Validate(new() { [metric] = value });

        Assert.True(result.IsRejected);
        Assert.Contains(reason, result.DescribeProblems(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OneBadValue_KeepsTheGoodOnes()
    {
        var result = Validate(new() { ["water_level_m"] = 1.84, ["battery_v"] = 99 });

        Assert.False(result.IsRejected);
        Assert.Equal(["water_level_m"], result.Values.Keys);
        Assert.Equal("battery_v", Assert.Single(result.Violations).Metric);
    }

    [Fact]
    public void Validate_TimestampFarInTheFuture_IsRejected()
    {
        var result = Validate(new() { ["rain_mm"] = 1 }, ReceivedAt.AddHours(2));

        Assert.True(result.IsRejected);
        Assert.Contains("ahead of the gateway's clock", result.DescribeProblems(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SmallClockSkew_IsAccepted()
    {
        var result = Validate(new() { ["rain_mm"] = 1 }, ReceivedAt.AddMinutes(2));

        Assert.False(result.IsRejected);
    }

    [Fact]
    public void CanonicalMetrics_ContractTable_HasEveryMetric()
    {
        string[] expected = ["rain_mm", "rain_rate_mmh", "water_level_m", "soil_moisture_pct", "pore_pressure_kpa", "tilt_x_deg",
            "tilt_y_deg", "displacement_mm", "battery_v", "temperature_c", "rssi_dbm", "snr_db"];

        Assert.Equal(expected.Order(), CanonicalMetrics.All.Keys.Order());
    }
}
