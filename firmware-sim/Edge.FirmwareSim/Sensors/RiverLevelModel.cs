using Edge.FirmwareSim.Hydrology;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// An ultrasonic river-level station: the river's base level at the station (0.5-3 m above its datum) plus the site's
/// rise from upstream rain (<see cref="RiverCatchment"/>: lagged and smoothed), scaled by the station's channel (80-120%),
/// with a few centimetres of slow variation (wind, the echo's temperature drift); never below a shallow 5 cm.
/// </summary>
internal sealed class RiverLevelModel : ISensorModel
{
    private const double MinimumLevelM = 0.05;
    private readonly SimRandom _random;
    private readonly SiteConditions _site;
    private readonly double _baseLevelM;
    private readonly double _channelFactor;
    private readonly MeanReverting _noise;
    private readonly Battery _battery;
    private long _minute;

    public RiverLevelModel(SimRandom random, TimeSpan step, SiteConditions site)
    {
        _random = random;
        _site = site;
        _baseLevelM = random.Uniform(0.5, 3.0);
        _channelFactor = random.Uniform(0.8, 1.2);
        _noise = new MeanReverting(random, 0, 0.02, TimeSpan.FromHours(2), step);
        _battery = new Battery(random, step);
    }

    public SensorKind Kind => SensorKind.RiverLevel;

    public IReadOnlyDictionary<string, double> Next()
    {
        var level = _baseLevelM + (_channelFactor * _site.At(++_minute).RiverRiseM) + _noise.Next(_random);
        return new Dictionary<string, double>(2, StringComparer.Ordinal)
        {
            [CanonicalMetrics.WaterLevelM] = Math.Round(Math.Clamp(level, MinimumLevelM, 100), 3),
            [CanonicalMetrics.BatteryV] = _battery.Next(_random),
        };
    }
}
