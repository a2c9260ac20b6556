using System.Globalization;
using Edge.FirmwareSim.Hydrology;
using Edge.FirmwareSim.Scenarios;
using Edge.FirmwareSim.Sensors;

namespace Edge.FirmwareSim.Devices;

/// <summary>
/// The devices of a run. Kinds are assigned round-robin (rain gauge, river level, soil moisture, tilt meter, rain gauge,
/// ...) and numbered within their kind: <c>{prefix}rg-0001</c>, <c>{prefix}rl-0001</c>, ..., <c>{prefix}rg-0002</c>.
/// Every <see cref="DevicesPerSite"/> consecutive devices share one site's weather and water; the scenario's faults are
/// applied to the devices they name.
/// </summary>
internal static class DeviceFleet
{
    public const int DevicesPerSite = 100;

    public static IReadOnlyList<SimulatedDevice> Create(int count, string idPrefix, int seed, ScenarioDefinition? scenario = null)
    {
        scenario ??= BuiltinScenarios.Calm;
        var sites = new Dictionary<int, SiteConditions>();
        var devices = new SimulatedDevice[count];
        for (var index = 0; index < count; index++)
        {
            var kind = SensorKinds.ForDeviceIndex(index);
            var siteNumber = index / DevicesPerSite;
            if (!sites.TryGetValue(siteNumber, out var site))
            {
                sites[siteNumber] = site = new SiteConditions(scenario, seed, siteNumber);
            }

            var id = DeviceId(idPrefix, kind, index);
            var faults = scenario.Faults.Where(fault => idPrefix + fault.Device == id).ToList();
            var model = SensorModels.Create(kind, seed, index, site);
            devices[index] = new SimulatedDevice(index, id, kind, faults.Count == 0 ? model : new FaultySensorModel(model, faults), site, faults);
        }

        return devices;
    }

    public static string DeviceId(string idPrefix, SensorKind kind, int index)
    {
        var numberWithinKind = (index / SensorKinds.All.Count) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"{idPrefix}{SensorKinds.IdCode(kind)}-{numberWithinKind:D4}");
    }
}
