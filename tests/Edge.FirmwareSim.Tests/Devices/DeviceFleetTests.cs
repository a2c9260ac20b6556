using Edge.FirmwareSim.Devices;
using Edge.FirmwareSim.Sensors;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Tests.Devices;

public sealed class DeviceFleetTests
{
    [Fact]
    public void Create_SixDevices_AssignsKindsRoundRobinAndNumbersWithinKind()
    {
        var fleet = DeviceFleet.Create(6, "sim-", seed: 1);

        Assert.Equal(["sim-rg-0001", "sim-rl-0001", "sim-sm-0001", "sim-tm-0001", "sim-rg-0002", "sim-rl-0002"], fleet.Select(device => device.Id));
        Assert.Equal(
            [SensorKind.RainGauge, SensorKind.RiverLevel, SensorKind.SoilMoisture, SensorKind.TiltMeter, SensorKind.RainGauge, SensorKind.RiverLevel],
            fleet.Select(device => device.Kind));
        Assert.All(fleet, device => Assert.Equal(device.Kind, device.Model.Kind));
        Assert.Equal([0, 1, 2, 3, 4, 5], fleet.Select(device => device.Index));
    }

    [Fact]
    public void DeviceId_TenThousandthOfAKind_StaysAValidId()
    {
        var id = DeviceFleet.DeviceId("load-", SensorKind.TiltMeter, (10_000 * 4) + 3);

        Assert.Equal("load-tm-10001", id);
        Assert.True(DeviceId.IsValid(id));
    }
}
