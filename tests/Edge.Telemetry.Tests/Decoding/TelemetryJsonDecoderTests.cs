using System.Text;
using Edge.Telemetry.Decoding;

namespace Edge.Telemetry.Tests.Decoding;

public sealed class TelemetryJsonDecoderTests
{
    private static DecodeOutcome Decode(string json) => TelemetryJsonDecoder.Decode(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Decode_ContractExampleWithIsoTimestamp_ReadsEveryField()
    {
        var outcome = Decode("""{"ts": "2026-11-21T10:00:00Z", "seq": 17, "values": {"water_level_m": 1.84, "battery_v": 3.61}}""");

        Assert.Null(outcome.Error);
        var telemetry = outcome.Telemetry!;
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), telemetry.Timestamp);
        Assert.Equal(17, telemetry.Sequence);
        Assert.Equal(1.84, telemetry.Values["water_level_m"]);
        Assert.Equal(3.61, telemetry.Values["battery_v"]);
    }

    [Fact]
    public void Decode_UnixMillisecondsTimestamp_IsUtc()
    {
        var outcome = Decode("""{"ts": 1795303200000, "values": {"rain_mm": 0.2}}""");

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795303200000), outcome.Telemetry!.Timestamp);
    }

    [Fact]
    public void Decode_FlatObjectOfNumbers_IsTakenAsValues()
    {
        var outcome = Decode("""{"water_level_m": 1.84}""");

        Assert.Null(outcome.Telemetry!.Timestamp);
        Assert.Null(outcome.Telemetry.Sequence);
        Assert.Equal(1.84, outcome.Telemetry.Values["water_level_m"]);
    }

    [Fact]
    public void Decode_FlatObjectWithTsAndSeq_KeepsTheirMeaning()
    {
        var outcome = Decode("""{"ts":"2026-11-21T10:00:00+02:00","seq":3,"rain_mm":1.0}""");

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero), outcome.Telemetry!.Timestamp);
        Assert.Equal(3, outcome.Telemetry.Sequence);
        Assert.Single(outcome.Telemetry.Values);
    }

    [Fact]
    public void Decode_IsoWithoutOffset_IsTakenAsUtc()
    {
        var outcome = Decode("""{"ts":"2026-11-21T10:00:00","rain_mm":1.0}""");

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), outcome.Telemetry!.Timestamp);
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("{\"values\":{\"water_level_m\":NaN}}", "not valid JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("{}", "no values")]
    [InlineData("{\"values\":{}}", "no values")]
    [InlineData("{\"values\":{\"water_level_m\":\"high\"}}", "value of water_level_m is text")]
    [InlineData("{\"values\":{\"water_level_m\":true}}", "value of water_level_m is a boolean")]
    [InlineData("{\"ts\":\"yesterday\",\"rain_mm\":1}", "not an ISO-8601")]
    [InlineData("{\"ts\":1795303200,\"rain_mm\":1}", "looks like Unix seconds")]
    [InlineData("{\"seq\":-1,\"rain_mm\":1}", "seq must be a non-negative integer")]
    [InlineData("{\"seq\":1.5,\"rain_mm\":1}", "seq must be a non-negative integer")]
    [InlineData("{\"bad name\":1}", "invalid metric name")]
    [InlineData("{\"rain_mm\":1,\"rain_mm\":2}", "appears twice")]
    [InlineData("{\"rain_mm\":1,\"values\":{\"battery_v\":3.6}}", "both inside and beside")]
    public void Decode_MalformedPayload_FailsWithReason(string json, string expectedReason)
    {
        var outcome = Decode(json);

        Assert.Null(outcome.Telemetry);
        Assert.Contains(expectedReason, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NaNAsText_DecodesSoThatValidationNamesTheMetric()
    {
        var outcome = Decode("""{"values":{"water_level_m":"NaN","battery_v":3.6}}""");

        Assert.True(double.IsNaN(outcome.Telemetry!.Values["water_level_m"]));
    }

    [Fact]
    public void Decode_NumberTooLargeForDouble_DecodesAsInfinity()
    {
        var outcome = Decode("""{"values":{"water_level_m":1e400}}""");

        Assert.True(double.IsPositiveInfinity(outcome.Telemetry!.Values["water_level_m"]));
    }

    [Fact]
    public void Decode_OversizedPayload_IsRefusedBeforeParsing()
    {
        var payload = new byte[1024 * 1024];

        var outcome = TelemetryJsonDecoder.Decode(payload);

        Assert.Contains("exceeds the limit", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_DeeplyNestedJson_IsRefused()
    {
        var json = new string('[', 100) + new string(']', 100);

        var outcome = Decode(json);

        Assert.NotNull(outcome.Error);
    }
}
