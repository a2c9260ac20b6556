using Edge.FirmwareSim.Sensors;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Tests.Sensors;

public sealed class TiltMeterModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Next_Displacement_CreepsAndNeverDecreases(int seed)
    {
        var model = new TiltMeterModel(SimRandom.ForDevice(seed, 3), SensorModels.Step, TestSites.Calm(seed));
        var first = model.Next()[CanonicalMetrics.DisplacementMm];
        var previous = first;

        for (var step = 1; step < 100_000; step++)
        {
            var displacement = model.Next()[CanonicalMetrics.DisplacementMm];
            Assert.True(displacement >= previous, $"step {step}: displacement went back from {previous} to {displacement}");
            previous = displacement;
        }

        Assert.True(previous - first > 1, $"crept only {previous - first} mm in ten weeks");
    }
}
