namespace Edge.Telemetry.Tests;

public sealed class DeviceTopicsTests
{
    [Theory]
    [InlineData("devices/rg-001/telemetry", true, "rg-001")]
    [InlineData("devices/a b/telemetry", true, "a b")]
    [InlineData("devices//telemetry", true, "")]
    [InlineData("devices/rg-001/telemetry/lpp", false, "")]
    [InlineData("devices/x/y/telemetry", false, "")]
    [InlineData("sensors/rg-001/telemetry", false, "")]
    public void TryParseTelemetry_Topic_ReturnsDeviceSegment(string topic, bool parsed, string deviceId)
    {
        Assert.Equal(parsed, DeviceTopics.TryParseTelemetry(topic, out var id));
        Assert.Equal(deviceId, id);
    }

    [Theory]
    [InlineData("rg-001", true)]
    [InlineData("A.b_C-9", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/inside", false)]
    [InlineData("plus+", false)]
    public void IsValid_DeviceId_FollowsContract(string id, bool valid) => Assert.Equal(valid, DeviceId.IsValid(id));

    [Fact]
    public void IsValid_SixtyFiveCharacters_IsInvalid()
    {
        Assert.True(DeviceId.IsValid(new string('a', 64)));
        Assert.False(DeviceId.IsValid(new string('a', 65)));
    }
}
