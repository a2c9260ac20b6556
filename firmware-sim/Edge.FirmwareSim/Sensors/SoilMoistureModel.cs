using Edge.Telemetry;

namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// A soil-moisture and piezometer probe on a slope. Volumetric water content wanders slowly (over days) around the
/// site's usual value, between a dry 3% and saturation at 50%. Pore pressure follows it: suction (negative) in dry
/// soil, rising through zero towards a positive head as the soil saturates.
/// </summary>
internal sealed class SoilMoistureModel : ISensorModel
{
    private const double DryPct = 5;
    private const double SaturatedPct = 45;
    private readonly SimRandom _random;
    private readonly MeanReverting _moisture;
    private readonly MeanReverting _pressureNoise;
    private readonly Battery _battery;

    public SoilMoistureModel(SimRandom random, TimeSpan step)
    {
        _random = random;
        _moisture = new MeanReverting(random, random.Uniform(18, 32), 4, TimeSpan.FromDays(2), step);
        _pressureNoise = new MeanReverting(random, 0, 0.5, TimeSpan.FromHours(1), step);
        _battery = new Battery(random, step);
    }

    public SensorKind Kind => SensorKind.SoilMoisture;

    public IReadOnlyDictionary<string, double> Next()
    {
        var moisture = Math.Clamp(_moisture.Next(_random), 3, 50);
        var saturation = (moisture - DryPct) / (SaturatedPct - DryPct);
        var porePressure = -60 + (70 * saturation) + _pressureNoise.Next(_random);
        return new Dictionary<string, double>(3, StringComparer.Ordinal)
        {
            [CanonicalMetrics.SoilMoisturePct] = Math.Round(moisture, 1),
            [CanonicalMetrics.PorePressureKpa] = Math.Round(porePressure, 2),
            [CanonicalMetrics.BatteryV] = _battery.Next(_random),
        };
    }
}
