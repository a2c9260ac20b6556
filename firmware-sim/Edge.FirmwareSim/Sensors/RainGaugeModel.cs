using Edge.Telemetry;

namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// A tipping-bucket rain gauge. Rain comes in episodes (half an hour to six hours, a smooth rise and fall to a peak of
/// 1-50 mm/h with gusty variation) separated by dry spells (eight hours on average). <c>rain_mm</c> counts whole
/// 0.2 mm bucket tips since the previous report; what has not yet tipped the bucket waits in it.
/// </summary>
internal sealed class RainGaugeModel : ISensorModel
{
    public const double BucketMm = 0.2;
    private readonly SimRandom _random;
    private readonly double _stepHours;
    private readonly RainEpisodes _episodes;
    private readonly AirTemperature _temperature;
    private readonly Battery _battery;
    private double _bucketMm;

    public RainGaugeModel(SimRandom random, TimeSpan step)
    {
        _random = random;
        _stepHours = step.TotalHours;
        _episodes = new RainEpisodes(random, step);
        _temperature = new AirTemperature(random, step);
        _battery = new Battery(random, step);
    }

    public SensorKind Kind => SensorKind.RainGauge;

    public IReadOnlyDictionary<string, double> Next()
    {
        var intensity = _episodes.Next(_random);
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
