using Edge.FirmwareSim.Hydrology;
using Edge.FirmwareSim.Scenarios;

namespace Edge.FirmwareSim.Sensors;

/// <summary>Creates the model of a device: the same (seed, device index, site) always gives the same sequence of readings.</summary>
internal static class SensorModels
{
    /// <summary>
    /// Model time between two reports. Fixed rather than taken from <c>--rate</c>, so that a reading's values do not
    /// depend on how fast the run goes: a load test at 1000 messages/s publishes the same physics as a demo at 1/s.
    /// </summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    /// <summary>A device on a site of its own under the <c>calm</c> scenario.</summary>
    public static ISensorModel Create(SensorKind kind, int seed, int deviceIndex) =>
        Create(kind, seed, deviceIndex, new SiteConditions(BuiltinScenarios.Calm, seed, deviceIndex));

    public static ISensorModel Create(SensorKind kind, int seed, int deviceIndex, SiteConditions site)
    {
        var random = SimRandom.ForDevice(seed, deviceIndex);
        return kind switch
        {
            SensorKind.RainGauge => new RainGaugeModel(random, Step, site),
            SensorKind.RiverLevel => new RiverLevelModel(random, Step, site),
            SensorKind.SoilMoisture => new SoilMoistureModel(random, Step, site),
            _ => new TiltMeterModel(random, Step, site),
        };
    }
}
