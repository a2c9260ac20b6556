using Edge.FirmwareSim.Hydrology;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// A tilt meter with an extensometer on a creeping slope. The slope creeps downhill at a base 0.02-0.5 mm/day (drifting
/// over days) that pore pressure speeds up as it lowers the effective stress: <c>v = v0 exp(0.25 max(0, u))</c>, u in kPa
/// from the site (<see cref="SoilWaterBalance"/>). In a slope-failure scenario the site's tertiary creep
/// (<see cref="SlopeFailure"/>) adds on; once the slope has failed the instrument lies where the slide left it: 800 mm
/// further, tilted 25° more downhill, unchanging. Displacement is cumulative and never decreases; tilt grows in the
/// downhill direction with it, with a little thermal noise.
/// </summary>
internal sealed class TiltMeterModel : ISensorModel
{
    private const double DegreesPerMm = 0.005;
    private const double PorePressureSensitivityPerKpa = 0.25;
    private const double SlideMm = 800;
    private const double SlideTiltDeg = 25;
    private readonly SimRandom _random;
    private readonly SiteConditions _site;
    private readonly double _creepMmPerStep;
    private readonly MeanReverting _creepVariation;
    private readonly double _installedX;
    private readonly double _installedY;
    private readonly double _downhillRadians;
    private readonly MeanReverting _noiseX;
    private readonly MeanReverting _noiseY;
    private readonly Battery _battery;
    private double _displacementMm;
    private double _slideTiltDeg;
    private long _minute;

    public TiltMeterModel(SimRandom random, TimeSpan step, SiteConditions site)
    {
        _random = random;
        _site = site;
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
        var minute = ++_minute;
        var porePressure = _site.At(minute).PorePressureKpa;
        var variation = Math.Exp(_creepVariation.Next(_random));
        if (_site.SlopeFailure is { } failure && failure.HasFailed(minute))
        {
            if (_slideTiltDeg == 0)
            {
                _displacementMm += SlideMm;
                _slideTiltDeg = SlideTiltDeg;
            }
        }
        else
        {
            _displacementMm += (_creepMmPerStep * variation * Math.Exp(PorePressureSensitivityPerKpa * Math.Max(0, porePressure)))
                + (_site.SlopeFailure?.DisplacementMm(minute) ?? 0);
        }

        var tilt = (DegreesPerMm * _displacementMm) + _slideTiltDeg;
        return new Dictionary<string, double>(4, StringComparer.Ordinal)
        {
            [CanonicalMetrics.TiltXDeg] = Math.Round(_installedX + (tilt * Math.Cos(_downhillRadians)) + _noiseX.Next(_random), 4),
            [CanonicalMetrics.TiltYDeg] = Math.Round(_installedY + (tilt * Math.Sin(_downhillRadians)) + _noiseY.Next(_random), 4),
            [CanonicalMetrics.DisplacementMm] = Math.Round(_displacementMm, 2),
            [CanonicalMetrics.BatteryV] = _battery.Next(_random),
        };
    }
}
