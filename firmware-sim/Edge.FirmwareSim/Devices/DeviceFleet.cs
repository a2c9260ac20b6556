using System.Globalization;
using Edge.FirmwareSim.Sensors;

namespace Edge.FirmwareSim.Devices;

/// <summary>
/// The devices of a run. Kinds are assigned round-robin (rain gauge, river level, soil moisture, tilt meter, rain gauge,
/// ...) and numbered within their kind: <c>{prefix}rg-0001</c>, <c>{prefix}rl-0001</c>, ..., <c>{prefix}rg-0002</c>.
/// </summary>
internal static class DeviceFleet
{
    public static IReadOnlyList<SimulatedDevice> Create(int count, string idPrefix, int seed)
    {
        var devices = new SimulatedDevice[count];
        for (var index = 0; index < count; index++)
        {
            var kind = SensorKinds.ForDeviceIndex(index);
            devices[index] = new SimulatedDevice(index, DeviceId(idPrefix, kind, index), kind, SensorModels.Create(kind, seed, index));
        }

        return devices;
    }

    public static string DeviceId(string idPrefix, SensorKind kind, int index)
    {
        var numberWithinKind = (index / SensorKinds.All.Count) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"{idPrefix}{SensorKinds.IdCode(kind)}-{numberWithinKind:D4}");
    }
}
