using Edge.Gateway.Sources.Gsm;

namespace Edge.Gateway.Tests.Sources.Gsm;

public sealed class GsmTextTests
{
    [Fact]
    public void TryParse_ContractExample_MapsShortCodesToCanonicalMetrics()
    {
        Assert.True(GsmText.TryParse("ID=rg-001;RAIN=2.4;WL=1.84;BAT=3.61", out var reading, out _));

        Assert.Equal("rg-001", reading!.DeviceId);
        Assert.Null(reading.Ts);
        Assert.Equal(new Dictionary<string, double> { ["rain_mm"] = 2.4, ["water_level_m"] = 1.84, ["battery_v"] = 3.61 }, reading.Values);
    }

    [Fact]
    public void TryParse_EveryShortCodeWithTimeAndSequence_AllRead()
    {
        Assert.True(GsmText.TryParse(" id=tm-7;TS=1795303200;SEQ=17;RR=1;SM=30;PP=12.5;TX=-0.5;TY=0.25;DSP=1e3;TMP=-2;\r\n", out var reading, out _));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795303200), reading!.Ts);
        Assert.Equal(17, reading.Seq);
        Assert.Equal(7, reading.Values.Count);
        Assert.Equal(1000, reading.Values["displacement_mm"]);
        Assert.Equal(-0.5, reading.Values["tilt_x_deg"]);
    }

    [Theory]
    [InlineData("RAIN=2.4", "no ID=")]
    [InlineData("ID=rg-001", "no values")]
    [InlineData("ID=rg 001;RAIN=1", "invalid device id")]
    [InlineData("ID=rg-001;RAIN=2,4", "RAIN=\"2,4\" is not a number")]
    [InlineData("ID=rg-001;RAIN=NaN", "is not a number")]
    [InlineData("ID=rg-001;FOO=1", "unknown code FOO")]
    [InlineData("ID=rg-001;RAIN=1;rain=2", "RAIN given twice")]
    [InlineData("ID=rg-001;RAIN", "not KEY=VALUE")]
    [InlineData("ID=rg-001;TS=yesterday;RAIN=1", "not Unix seconds")]
    public void TryParse_BadText_RefusedWithReason(string text, string reason)
    {
        Assert.False(GsmText.TryParse(text, out var reading, out var error));
        Assert.Null(reading);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }
}
