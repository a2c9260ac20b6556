using Edge.Telemetry;

namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// A tilt meter with an extensometer on a creeping slope. The slope creeps downhill at 0.02-0.5 mm/day (the rate
/// itself drifting over days); displacement is cumulative and never decreases. The instrument was installed slightly
/// off level and tilts further in the downhill direction as the slope moves, with a little thermal noise.
/// </summary>
internal sealed class TiltMeterModel : ISensorModel
{
    private const double DegreesPerMm = 0.005;
    private readonly SimRandom _random;
    private readonly double _creepMmPerStep;
    private readonly MeanReverting _creepVariation;
    private readonly double _installedX;
    private readonly double _installedY;
    private readonly double _downhillRadians;
    private readonly MeanReverting _noiseX;
    private readonly MeanReverting _noiseY;
    private readonly Battery _battery;
    private double _displacementMm;

    public TiltMeterModel(SimRandom random, TimeSpan step)
    {
        _random = random;
        _creepMmPerStep = random.LogUniform(0.02, 0.5) * (step / TimeSpan.FromDays(1));
        _creepVariation = new MeanReverting(random, 0, 0.3, TimeSpan.FromDays(3), step);
        _displacementMm = random.Uniform(0, 20);
        _installedX = random.Uniform(-1.5, 1.5);
        _installedY = random.Uniform(-1.5, 1.5);
        _downhillRadians = random.Uniform(0, 2 * Math.PI);
        _noiseX = new MeanReverting(random, 0, 0.002, TimeSpan.FromHours(2), step);
        _noiseY = new MeanReverting(random, 0, 0.002, TimeSpan.FromHours(2), step);
        _battery = new Battery(random, step);
    }

    public SensorKind Kind => SensorKind.TiltMeter;

    public IReadOnlyDictionary<string, double> Next()
    {
        _displacementMm += _creepMmPerStep * Math.Exp(_creepVariation.Next(_random));
        var tilt = DegreesPerMm * _displacementMm;
        return new Dictionary<string, double>(4, StringComparer.Ordinal)
        {
            [CanonicalMetrics.TiltXDeg] = Math.Round(_installedX + (tilt * Math.Cos(_downhillRadians)) + _noiseX.Next(_random), 4),
            [CanonicalMetrics.TiltYDeg] = Math.Round(_installedY + (tilt * Math.Sin(_downhillRadians)) + _noiseY.Next(_random), 4),
            [CanonicalMetrics.DisplacementMm] = Math.Round(_displacementMm, 2),
            [CanonicalMetrics.BatteryV] = _battery.Next(_random),
        };
    }
}
