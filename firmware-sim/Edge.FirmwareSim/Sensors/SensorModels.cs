namespace Edge.FirmwareSim.Sensors;

/// <summary>Creates the model of a device: the same (seed, device index) always gives the same sequence of readings.</summary>
internal static class SensorModels
{
    /// <summary>
    /// Model time between two reports. Fixed rather than taken from <c>--rate</c>, so that a reading's values do not
    /// depend on how fast the run goes: a load test at 1000 messages/s publishes the same physics as a demo at 1/s.
    /// </summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    public static ISensorModel Create(SensorKind kind, int seed, int deviceIndex)
    {
        var random = SimRandom.ForDevice(seed, deviceIndex);
        return kind switch
        {
            SensorKind.RainGauge => new RainGaugeModel(random, Step),
            SensorKind.RiverLevel => new RiverLevelModel(random, Step),
            SensorKind.SoilMoisture => new SoilMoistureModel(random, Step),
            _ => new TiltMeterModel(random, Step),
        };
    }
}
