using Edge.FirmwareSim.Hydrology;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// A soil-moisture probe with a piezometer on the slope: the site's volumetric water content and pore pressure
/// (<see cref="SoilWaterBalance"/>: rising an hour or more after rain, draining over days), offset by the probe's own
/// placement (±3 % and ±2 kPa) and a little sensor noise.
/// </summary>
internal sealed class SoilMoistureModel : ISensorModel
{
    private readonly SimRandom _random;
    private readonly SiteConditions _site;
    private readonly double _moistureOffset;
    private readonly double _pressureOffset;
    private readonly MeanReverting _moistureNoise;
    private readonly MeanReverting _pressureNoise;
    private readonly Battery _battery;
    private long _minute;

    public SoilMoistureModel(SimRandom random, TimeSpan step, SiteConditions site)
    {
        _random = random;
        _site = site;
        _moistureOffset = random.Uniform(-3, 3);
        _pressureOffset = random.Uniform(-2, 2);
        _moistureNoise = new MeanReverting(random, 0, 0.3, TimeSpan.FromHours(1), step);
        _pressureNoise = new MeanReverting(random, 0, 0.3, TimeSpan.FromHours(1), step);
        _battery = new Battery(random, step);
    }

    public SensorKind Kind => SensorKind.SoilMoisture;

    public IReadOnlyDictionary<string, double> Next()
    {
        var site = _site.At(++_minute);
        return new Dictionary<string, double>(3, StringComparer.Ordinal)
        {
            [CanonicalMetrics.SoilMoisturePct] = Math.Round(Math.Clamp(site.SoilMoisturePct + _moistureOffset + _moistureNoise.Next(_random), 1, 60), 1),
            [CanonicalMetrics.PorePressureKpa] = Math.Round(site.PorePressureKpa + _pressureOffset + _pressureNoise.Next(_random), 2),
            [CanonicalMetrics.BatteryV] = _battery.Next(_random),
        };
    }
}
