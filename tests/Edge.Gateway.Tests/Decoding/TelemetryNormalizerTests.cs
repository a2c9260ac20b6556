using Edge.Gateway.Decoding;

namespace Edge.Gateway.Tests.Decoding;

public sealed class TelemetryNormalizerTests
{
    private readonly Inbound _inbound = new();

    [Fact]
    public void Normalize_ContractPayload_GivesCanonicalReading()
    {
        var (reading, deadLetter) = TelemetryNormalizer.Normalize(
            _inbound.Telemetry("rl-001", """{"ts":"2026-11-21T09:59:00Z","seq":17,"values":{"water_level_m":1.84,"battery_v":3.61}}"""), 65536);

        Assert.Null(deadLetter);
        Assert.Equal("rl-001", reading!.DeviceId);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 9, 59, 0, TimeSpan.Zero), reading.Ts);
        Assert.Equal(Inbound.ReceivedAt, reading.ReceivedAt);
        Assert.Equal(17, reading.DeviceSeq);
        Assert.Equal(1.84, reading.Values["water_level_m"]);
        Assert.Equal(DuplicateCheck.AnyKept, reading.DuplicateCheck);
    }

    [Fact]
    public void Normalize_NoTimestamp_UsesReceiveTimeAndChecksDuplicatesOnlyOnRedelivery()
    {
        var (fresh, _) = TelemetryNormalizer.Normalize(_inbound.Telemetry("rg-1", """{"rain_mm":0.2}"""), 65536);
        var (redelivered, _) = TelemetryNormalizer.Normalize(_inbound.Telemetry("rg-1", """{"rain_mm":0.2}""", redelivered: true), 65536);

        Assert.Equal(Inbound.ReceivedAt, fresh!.Ts);
        Assert.Equal(DuplicateCheck.None, fresh.DuplicateCheck);
        Assert.Equal(DuplicateCheck.DeviceLatest, redelivered!.DuplicateCheck);
        Assert.Equal(fresh.Fingerprint, redelivered.Fingerprint);
    }

    [Theory]
    [InlineData("devices/bad id/telemetry", "{\"rain_mm\":1}", "invalid device id")]
    [InlineData("devices/rg-1/telemetry", "not json", "not valid JSON")]
    [InlineData("devices/rg-1/telemetry", "{\"water_level_m\":500}", "outside -10 to 100 m")]
    [InlineData("devices/rg-1/telemetry", "{\"values\":{\"water_level_m\":\"NaN\"}}", "water_level_m is NaN")]
    public void Normalize_BadInput_IsDeadLetteredWithReason(string topic, string payload, string reason)
    {
        var (reading, deadLetter) = TelemetryNormalizer.Normalize(_inbound.Message(topic, System.Text.Encoding.UTF8.GetBytes(payload)), 65536);

        Assert.Null(reading);
        Assert.Contains(reason, deadLetter!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_OneAbsurdValue_KeepsTheOthersAndDeadLettersIt()
    {
        var (reading, deadLetter) = TelemetryNormalizer.Normalize(_inbound.Telemetry("rl-1", """{"water_level_m":1.5,"battery_v":99}"""), 65536);

        Assert.Equal(["water_level_m"], reading!.Values.Keys);
        Assert.Contains("battery_v = 99 V is outside 0 to 30 V", deadLetter!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_OneMegabytePayload_IsDeadLetteredWithTruncatedCopy()
    {
        var (reading, deadLetter) = TelemetryNormalizer.Normalize(_inbound.Message("devices/rg-1/telemetry", new byte[1024 * 1024]), 65536);

        Assert.Null(reading);
        Assert.Contains("exceeds the limit of 65536 bytes", deadLetter!.Reason, StringComparison.Ordinal);
        Assert.Equal(TelemetryNormalizer.MaxDeadLetterPayloadBytes, deadLetter.Payload.Length);
    }
}
