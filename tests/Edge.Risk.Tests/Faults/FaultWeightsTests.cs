using Edge.Risk.Faults;
using Edge.Telemetry;
using static Edge.Risk.Tests.Testing.Series;

namespace Edge.Risk.Tests.Faults;

public sealed class FaultWeightsTests
{
    private static SensorFault Fault(SensorFaultKind kind) => new(kind, CanonicalMetrics.WaterLevelM, T0, 0, 0, "");

    [Fact]
    public void Of_NoFault_FullWeight()
    {
        Assert.Equal(1, FaultWeights.Of([]));
    }

    [Fact]
    public void Of_SeveralFaults_TheSmallestWeight()
    {
        Assert.Equal(0.3, FaultWeights.Of([Fault(SensorFaultKind.Spike), Fault(SensorFaultKind.Drift), Fault(SensorFaultKind.DyingBattery)]));
    }

    [Fact]
    public void Of_EveryKind_BetweenZeroAndOne()
    {
        Assert.All(Enum.GetValues<SensorFaultKind>(), kind => Assert.InRange(FaultWeights.Of(kind), 0, 0.9));
    }
}
