using System.Text.Json;
using Edge.FirmwareSim.Publishing;
using Edge.Telemetry.Decoding;

namespace Edge.FirmwareSim.Tests.Publishing;

public sealed class TelemetryMessageTests
{
    [Fact]
    public void ToJson_Reading_IsTheContractsTelemetryJson()
    {
        var message = new TelemetryMessage(
            new DateTimeOffset(2026, 11, 21, 10, 0, 0, 5, TimeSpan.Zero),
            17,
            new Dictionary<string, double> { ["water_level_m"] = 1.84, ["battery_v"] = 3.61 });

        var json = System.Text.Encoding.UTF8.GetString(message.ToJson());

        Assert.Equal("""{"ts":"2026-11-21T10:00:00.005Z","seq":17,"values":{"water_level_m":1.84,"battery_v":3.61}}""", json);
    }

    [Fact]
    public void ToJson_NonUtcTimestamp_IsWrittenInUtc()
    {
        var message = new TelemetryMessage(new DateTimeOffset(2026, 11, 21, 13, 0, 0, TimeSpan.FromHours(3)), 1, new Dictionary<string, double> { ["rain_mm"] = 0.2 });

        using var document = JsonDocument.Parse(message.ToJson());

        Assert.Equal("2026-11-21T10:00:00.000Z", document.RootElement.GetProperty("ts").GetString());
        var decoded = TelemetryJsonDecoder.Decode(message.ToJson()).Telemetry!;
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), decoded.Timestamp);
        Assert.Equal(1, decoded.Sequence);
    }
}
