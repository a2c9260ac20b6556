using Edge.FirmwareSim.Gsm;
using Edge.FirmwareSim.Publishing;

namespace Edge.FirmwareSim.Tests.Gsm;

public sealed class GsmTextEncoderTests
{
    [Fact]
    public void Encode_Reading_IsTheContractsGsmText()
    {
        var message = new TelemetryMessage(DateTimeOffset.FromUnixTimeSeconds(1795303200), 17,
            new Dictionary<string, double> { ["rain_mm"] = 0.4, ["battery_v"] = 3.61, ["water_level_m"] = 1.84, ["not_a_code"] = 1 });

        Assert.Equal("ID=rg-001;TS=1795303200;SEQ=17;RAIN=0.4;WL=1.84;BAT=3.61", GsmTextEncoder.Encode("rg-001", message));
    }

    [Fact]
    public void SenderNumber_PerDevice_IsE164AndDistinct()
    {
        Assert.Equal("+254700000001", GsmTextEncoder.SenderNumber(0));
        Assert.Equal("+254700010000", GsmTextEncoder.SenderNumber(9_999));
    }
}
