using Edge.Risk.Faults;
using Edge.Telemetry;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Faults;

public sealed class NeighbourDisagreementDetectorTests
{
    private static readonly double[] Neighbours = [21.0, 23.5, 22.0, 24.0];

    [Fact]
    public void Detect_FarFromTheNeighbours_Disagreement()
    {
        var fault = NeighbourDisagreementDetector.Detect(CanonicalMetrics.SoilMoisturePct, new TimedValue(T0, 48), Neighbours, minSpread: 2);

        Assert.NotNull(fault);
        Assert.Equal(SensorFaultKind.NeighbourDisagreement, fault.Kind);
        Assert.Equal(0.5, FaultWeights.Of([fault]));
    }

    [Fact]
    public void Detect_WithinTheNeighboursSpread_NoFault()
    {
        Assert.Null(NeighbourDisagreementDetector.Detect(CanonicalMetrics.SoilMoisturePct, new TimedValue(T0, 26), Neighbours, minSpread: 2));
    }

    [Fact]
    public void Detect_TwoNeighboursOnly_NoJudgement()
    {
        Assert.Null(NeighbourDisagreementDetector.Detect(CanonicalMetrics.SoilMoisturePct, new TimedValue(T0, 90), [21.0, 22.0], minSpread: 2));
    }
}
