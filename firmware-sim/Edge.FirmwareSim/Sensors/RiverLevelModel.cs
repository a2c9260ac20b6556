using Edge.Telemetry;

namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// A river-level station: the river's base level at the site (0.5-3 m above the station's datum) plus slow variation
/// over a day and over a week, never below a shallow 5 cm.
/// </summary>
internal sealed class RiverLevelModel : ISensorModel
{
    private const double MinimumLevelM = 0.05;
    private readonly SimRandom _random;
    private readonly double _baseLevelM;
    private readonly MeanReverting _daily;
    private readonly MeanReverting _weekly;
    private readonly Battery _battery;

    public RiverLevelModel(SimRandom random, TimeSpan step)
    {
        _random = random;
        _baseLevelM = random.Uniform(0.5, 3.0);
        _daily = new MeanReverting(random, 0, 0.1, TimeSpan.FromDays(1), step);
        _weekly = new MeanReverting(random, 0, 0.25, TimeSpan.FromDays(7), step);
        _battery = new Battery(random, step);
    }

    public SensorKind Kind => SensorKind.RiverLevel;

    public IReadOnlyDictionary<string, double> Next()
    {
        var level = _baseLevelM + _daily.Next(_random) + _weekly.Next(_random);
        return new Dictionary<string, double>(2, StringComparer.Ordinal)
        {
            [CanonicalMetrics.WaterLevelM] = Math.Round(Math.Max(MinimumLevelM, level), 3),
            [CanonicalMetrics.BatteryV] = _battery.Next(_random),
        };
    }
}
