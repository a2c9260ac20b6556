using Edge.FirmwareSim.Sensors;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Scenarios;

/// <summary>
/// A device's model with the scenario's faults applied from their start minute on: <c>stuck</c> (the metric keeps the
/// value it had when the fault began), <c>spike</c> (every 30 minutes one reading is off by the magnitude), <c>drift</c>
/// (the metric walks away by the magnitude per hour), <c>dying-battery</c> (the voltage sags linearly to 2.9 V over
/// <c>hoursToEmpty</c>, then the device browns out and goes silent), <c>silent</c> (no more readings: an empty report).
/// Faulty values are clamped into the metric's accepted range: a fault is a plausible wrong value, not a rejected one.
/// </summary>
internal sealed class FaultySensorModel(ISensorModel inner, IReadOnlyList<FaultDefinition> faults) : ISensorModel
{
    public const int SpikeEveryMinutes = 30;
    private const double BrownOutVolts = 2.9;
    private static readonly IReadOnlyDictionary<string, double> Silent = new Dictionary<string, double>();
    private readonly Dictionary<FaultDefinition, double> _heldValues = new(ReferenceEqualityComparer.Instance);
    private long _minute;

    public SensorKind Kind => inner.Kind;

    /// <summary>The first reading (minute) a fault affects: the first one at or after its start.</summary>
    public static long StartMinute(FaultDefinition fault) => Math.Max(1, (long)Math.Ceiling(fault.StartH * 60));

    /// <summary>When a dying battery has emptied and the device falls silent.</summary>
    public static long BrownOutMinute(FaultDefinition fault) => StartMinute(fault) + (long)Math.Ceiling(fault.HoursToEmpty * 60);

    public IReadOnlyDictionary<string, double> Next()
    {
        var minute = ++_minute;
        var values = inner.Next();
        var faulty = new Dictionary<string, double>(values, StringComparer.Ordinal);
        foreach (var fault in faults)
        {
            var start = StartMinute(fault);
            if (minute < start)
            {
                continue;
            }

            if (fault.Kind == "silent" || (fault.Kind == "dying-battery" && minute >= BrownOutMinute(fault)))
            {
                return Silent;
            }

            var metric = fault.Kind == "dying-battery" ? CanonicalMetrics.BatteryV : fault.Metric ?? SensorKinds.MainMetric(Kind);
            var elapsedH = (minute - start) / 60.0;
            faulty[metric] = Clamp(metric, fault.Kind switch
            {
                "stuck" => _heldValues.TryGetValue(fault, out var held) ? held : _heldValues[fault] = faulty[metric],
                "spike" => (minute - start) % SpikeEveryMinutes == 0 ? faulty[metric] + (fault.Magnitude ?? DefaultSpike(metric)) : faulty[metric],
                "drift" => faulty[metric] + ((fault.Magnitude ?? DefaultDriftPerHour(metric)) * elapsedH),
                _ => Math.Round(DyingVolts(fault, faulty[metric], elapsedH), 3),
            });
        }

        return faulty;
    }

    private double DyingVolts(FaultDefinition fault, double volts, double elapsedH)
    {
        var atStart = _heldValues.TryGetValue(fault, out var held) ? held : _heldValues[fault] = volts;
        return atStart - ((atStart - BrownOutVolts) * Math.Min(1, elapsedH / fault.HoursToEmpty));
    }

    private static double Clamp(string metric, double value) =>
        CanonicalMetrics.TryGet(metric, out var definition) ? Math.Clamp(value, definition.Minimum, definition.Maximum) : value;

    private static double DefaultSpike(string metric) => metric switch
    {
        CanonicalMetrics.WaterLevelM => 3,
        CanonicalMetrics.SoilMoisturePct => 30,
        CanonicalMetrics.PorePressureKpa => 50,
        CanonicalMetrics.DisplacementMm => 50,
        CanonicalMetrics.RainRateMmh or CanonicalMetrics.RainMm => 100,
        CanonicalMetrics.TemperatureC => 30,
        CanonicalMetrics.BatteryV => 1,
        _ => 5,
    };

    private static double DefaultDriftPerHour(string metric) => metric switch
    {
        CanonicalMetrics.WaterLevelM => 0.05,
        CanonicalMetrics.SoilMoisturePct => 0.5,
        CanonicalMetrics.PorePressureKpa => 1,
        CanonicalMetrics.DisplacementMm => 0.5,
        CanonicalMetrics.TemperatureC => 0.2,
        CanonicalMetrics.BatteryV => -0.01,
        _ => 0.05,
    };
}
