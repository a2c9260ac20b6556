using Edge.FirmwareSim.Hydrology;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// A tipping-bucket rain gauge: the site's rain (<see cref="SiteConditions"/>), caught with the gauge's own efficiency
/// (95-105%). <c>rain_mm</c> counts whole 0.2 mm bucket tips since the previous report; what has not yet tipped the bucket
/// waits in it. <c>rain_rate_mmh</c> is the intensity over the report's minute.
/// </summary>
internal sealed class RainGaugeModel : ISensorModel
{
    public const double BucketMm = 0.2;
    private readonly SimRandom _random;
    private readonly SiteConditions _site;
    private readonly double _stepHours;
    private readonly double _catch;
    private readonly AirTemperature _temperature;
    private readonly Battery _battery;
    private double _bucketMm;
    private long _minute;

    public RainGaugeModel(SimRandom random, TimeSpan step, SiteConditions site)
    {
        _random = random;
        _site = site;
        _stepHours = step.TotalHours;
        _catch = random.Uniform(0.95, 1.05);
        _temperature = new AirTemperature(random, step);
        _battery = new Battery(random, step);
    }

    public SensorKind Kind => SensorKind.RainGauge;

    public IReadOnlyDictionary<string, double> Next()
    {
        var intensity = Math.Min(500, _site.At(++_minute).RainMmh * _catch);
        _bucketMm += intensity * _stepHours;
        var tips = (int)(_bucketMm / BucketMm);
        _bucketMm -= tips * BucketMm;
        return new Dictionary<string, double>(4, StringComparer.Ordinal)
        {
            [CanonicalMetrics.RainMm] = tips * 2 / 10.0,
            [CanonicalMetrics.RainRateMmh] = Math.Round(intensity, 1),
            [CanonicalMetrics.BatteryV] = _battery.Next(_random),
            [CanonicalMetrics.TemperatureC] = _temperature.Next(_random, intensity),
        };
    }
}
