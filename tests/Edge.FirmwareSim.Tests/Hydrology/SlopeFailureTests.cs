using Edge.FirmwareSim.Devices;
using Edge.FirmwareSim.Scenarios;
using Edge.FirmwareSim.Sensors;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Tests.Hydrology;

public sealed class SlopeFailureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(77)]
    public void TiltMeter_SlopeFailure_AcceleratesAsFukuzonoSaysAndFailsAtTheReportedMinute(int seed)
    {
        var scenario = BuiltinScenarios.Load("slope-failure");
        var tiltMeter = DeviceFleet.Create(4, "", seed, scenario).Single(device => device.Kind == SensorKind.TiltMeter);
        var failureMinute = tiltMeter.Site!.SlopeFailure!.FailureMinute;
        var displacement = Enumerable.Range(1, (int)SimulatedClock.Readings(scenario))
            .Select(_ => tiltMeter.Model.Next()[CanonicalMetrics.DisplacementMm]).ToList();

        Assert.Equal(24 * 60, failureMinute);
        Assert.All(displacement.Zip(displacement.Skip(1)), pair => Assert.True(pair.Second >= pair.First, "displacement never decreases"));

        // Velocity over 15-minute windows in the last four hours before failure: growing, its inverse falling to zero at the failure.
        const int Window = 15;
        var windows = Enumerable.Range(0, 16).Select(n => failureMinute - 1 - (Window * (16 - n))).ToList();
        var velocities = windows.Select(start => (displacement[(int)start + Window - 1] - displacement[(int)start - 1]) / Window).ToList();
        Assert.All(velocities.Zip(velocities.Skip(1)), pair => Assert.True(pair.Second > pair.First, "creep accelerates"));
        var midpoints = windows.Select(start => start + (Window / 2.0)).ToList();
        var predicted = InverseVelocityZero(midpoints, [.. velocities.Select(velocity => 1 / velocity)]);
        Assert.InRange(predicted, failureMinute - 20, failureMinute + 20);

        // The reading at the failure minute shows the slide; after it the instrument does not move.
        Assert.True(displacement[(int)failureMinute - 1] - displacement[(int)failureMinute - 2] > 500, "the slide appears at the reported minute");
        Assert.All(displacement.Skip((int)failureMinute), value => Assert.Equal(displacement[(int)failureMinute - 1], value));
    }

    /// <summary>Least-squares line through (minute, 1/v); where it crosses zero.</summary>
    private static double InverseVelocityZero(IReadOnlyList<double> minutes, IReadOnlyList<double> inverse)
    {
        var meanX = minutes.Average();
        var meanY = inverse.Average();
        var slope = minutes.Zip(inverse).Sum(point => (point.First - meanX) * (point.Second - meanY)) / minutes.Sum(x => (x - meanX) * (x - meanX));
        return meanX - (meanY / slope);
    }
}
