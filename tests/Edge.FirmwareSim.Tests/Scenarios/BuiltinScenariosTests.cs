using Edge.FirmwareSim.Devices;
using Edge.FirmwareSim.Scenarios;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Tests.Scenarios;

public sealed class BuiltinScenariosTests
{
    public static TheoryData<string> Names() => [.. BuiltinScenarios.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_EveryReadingOfEveryKind_StaysInsideTheContractRanges(string name)
    {
        var scenario = BuiltinScenarios.Load(name);
        foreach (var device in DeviceFleet.Create(8, "", 3, scenario))
        {
            var previousDisplacement = double.MinValue;
            for (var minute = 1; minute <= SimulatedClock.Readings(scenario); minute++)
            {
                var values = device.Model.Next();
                foreach (var (metric, value) in values)
                {
                    Assert.True(CanonicalMetrics.TryGet(metric, out var definition), metric);
                    Assert.True(double.IsFinite(value) && value >= definition.Minimum && value <= definition.Maximum, $"{device.Id} minute {minute}: {metric} = {value}");
                }

                if (values.TryGetValue(CanonicalMetrics.DisplacementMm, out var displacement))
                {
                    Assert.True(displacement >= previousDisplacement, $"{device.Id} minute {minute}: displacement went back");
                    previousDisplacement = displacement;
                }
            }
        }
    }
}
