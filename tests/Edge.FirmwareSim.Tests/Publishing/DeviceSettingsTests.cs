using Edge.FirmwareSim.Publishing;

namespace Edge.FirmwareSim.Tests.Publishing;

public sealed class DeviceSettingsTests
{
    [Fact]
    public void Apply_ReportInterval_Taken()
    {
        var settings = new DeviceSettings();

        Assert.True(settings.Apply("""{"reportIntervalS":60}"""u8));
        Assert.Equal(TimeSpan.FromSeconds(60), settings.ReportInterval);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"reportIntervalS":0}""")]
    [InlineData("""{"reportIntervalS":"fast"}""")]
    [InlineData("""[60]""")]
    public void Apply_Unusable_IgnoredAndScheduleKept(string payload)
    {
        var settings = new DeviceSettings();
        settings.Apply("""{"reportIntervalS":30}"""u8);

        Assert.False(settings.Apply(System.Text.Encoding.UTF8.GetBytes(payload)));
        Assert.Equal(TimeSpan.FromSeconds(30), settings.ReportInterval);
    }
}
