using Edge.FirmwareSim.LoRaWan;
using Edge.FirmwareSim.Sensors;
using Edge.FirmwareSim.Tests.Sensors;

namespace Edge.FirmwareSim.Tests.LoRaWan;

public sealed class LppLayoutTests
{
    public static TheoryData<string> Kinds() => [.. Enum.GetNames<SensorKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Encode_EveryKindsReadings_DecodeThroughTheGatewayProfileToTheSameMetrics(string kindName)
    {
        var kind = Enum.Parse<SensorKind>(kindName);
        var model = SensorModels.Create(kind, seed: 4, deviceIndex: 2);
        for (var step = 0; step < 2_000; step++)
        {
            var values = model.Next();
            var decoded = LoRaWanTestProfile.Decode(LppLayout.Encode(values));

            Assert.Equal(KindMetrics.Of(kind).Order(StringComparer.Ordinal), decoded.Keys.Order(StringComparer.Ordinal));
            foreach (var (metric, value) in values)
            {
                // LPP carries 0.01 (analog input), 0.1 °C and 1 mm (distance) resolution.
                var resolution = metric == Edge.Telemetry.CanonicalMetrics.DisplacementMm ? 0.5 : 0.051;
                Assert.True(Math.Abs(decoded[metric] - value) <= resolution, $"{metric}: sent {value}, decoded {decoded[metric]}");
            }
        }
    }

    [Fact]
    public void Encode_RainRateUpTo500AndValuesBeyondTheirType_DecodeWithoutFailing()
    {
        var decoded = LoRaWanTestProfile.Decode(LppLayout.Encode(new Dictionary<string, double>
        {
            [Edge.Telemetry.CanonicalMetrics.RainRateMmh] = 500,
            [Edge.Telemetry.CanonicalMetrics.PorePressureKpa] = 2500, // in the contract's range, beyond analog input's ±327.67
        }));

        Assert.Equal(500, decoded[Edge.Telemetry.CanonicalMetrics.RainRateMmh], 1e-9);
        Assert.Equal(327.67, decoded[Edge.Telemetry.CanonicalMetrics.PorePressureKpa], 1e-9);
    }
}
