using Edge.FirmwareSim.Sensors;
using Edge.Telemetry;
using Edge.Telemetry.Validation;

namespace Edge.FirmwareSim.Tests.Sensors;

public sealed class SensorModelsTests
{
    private const int Steps = 100_000;

    /// <summary>The largest change between two consecutive reports (one minute of model time) that still looks smooth.</summary>
    private static readonly Dictionary<string, double> MaxStepChange = new(StringComparer.Ordinal)
    {
        [CanonicalMetrics.RainMm] = 2,
        [CanonicalMetrics.RainRateMmh] = 30,
        [CanonicalMetrics.TemperatureC] = 1,
        [CanonicalMetrics.BatteryV] = 0.02,
        [CanonicalMetrics.WaterLevelM] = 0.05,
        [CanonicalMetrics.SoilMoisturePct] = 1,
        [CanonicalMetrics.PorePressureKpa] = 3,
        [CanonicalMetrics.TiltXDeg] = 0.05,
        [CanonicalMetrics.TiltYDeg] = 0.05,
        [CanonicalMetrics.DisplacementMm] = 1,
    };

    /// <summary>Sensor kinds by name (the enum is internal, theory parameters of public tests are not).</summary>
    public static TheoryData<string> Kinds() => [.. Enum.GetNames<SensorKind>()];

    public static TheoryData<string, int> KindsAndSeeds()
    {
        var data = new TheoryData<string, int>();
        foreach (var kind in Enum.GetNames<SensorKind>())
        {
            data.Add(kind, 1);
            data.Add(kind, 20261121);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Create_SameSeedAndDevice_ProducesSameSequence(string kindName)
    {
        var kind = Enum.Parse<SensorKind>(kindName);
        var first = Run(SensorModels.Create(kind, seed: 7, deviceIndex: 3), 2_000);
        var second = Run(SensorModels.Create(kind, seed: 7, deviceIndex: 3), 2_000);

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Create_DifferentSeedOrDevice_ProducesDifferentSequence(string kindName)
    {
        var kind = Enum.Parse<SensorKind>(kindName);
        var reference = Run(SensorModels.Create(kind, seed: 7, deviceIndex: 3), 2_000);

        Assert.NotEqual(reference, Run(SensorModels.Create(kind, seed: 8, deviceIndex: 3), 2_000));
        Assert.NotEqual(reference, Run(SensorModels.Create(kind, seed: 7, deviceIndex: 4), 2_000));
    }

    [Theory]
    [MemberData(nameof(KindsAndSeeds))]
    public void Next_HundredThousandSteps_CarriesTheKindsMetricsInsideCanonicalRanges(string kindName, int seed)
    {
        var kind = Enum.Parse<SensorKind>(kindName);
        var model = SensorModels.Create(kind, seed, deviceIndex: 0);

        for (var step = 0; step < Steps; step++)
        {
            var values = model.Next();
            Assert.Equal(KindMetrics.Of(kind), values.Keys);
            foreach (var (metric, value) in values)
            {
                Assert.True(ReadingValidator.CheckValue(metric, value) is null, $"step {step}: {ReadingValidator.CheckValue(metric, value)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndSeeds))]
    public void Next_HundredThousandSteps_ChangesSmoothly(string kindName, int seed)
    {
        var kind = Enum.Parse<SensorKind>(kindName);
        var model = SensorModels.Create(kind, seed, deviceIndex: 0);
        var previous = model.Next();

        for (var step = 1; step < Steps; step++)
        {
            var current = model.Next();
            foreach (var (metric, value) in current)
            {
                var change = Math.Abs(value - previous[metric]);
                Assert.True(change <= MaxStepChange[metric], $"step {step}: {metric} jumped by {change} (from {previous[metric]} to {value})");
            }

            previous = current;
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Next_OverMonths_BatteryDischargesSlowly(string kindName)
    {
        var kind = Enum.Parse<SensorKind>(kindName);
        var volts = Run(SensorModels.Create(kind, seed: 1, deviceIndex: 0), Steps).Select(values => values[CanonicalMetrics.BatteryV]).ToList();

        var first = volts.Take(1_000).Average();
        var last = volts.TakeLast(1_000).Average();
        Assert.InRange(first - last, 0.005, 0.1);
    }

    private static List<Dictionary<string, double>> Run(ISensorModel model, int steps) =>
        [.. Enumerable.Range(0, steps).Select(_ => new Dictionary<string, double>(model.Next(), StringComparer.Ordinal))];
}
