using Edge.FirmwareSim.Devices;
using Edge.FirmwareSim.Reporting;
using Edge.FirmwareSim.Scenarios;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Tests.Scenarios;

/// <summary>The built-in sensor-faults scenario on four devices, against the same devices without faults.</summary>
public sealed class FaultySensorModelTests
{
    private const int Seed = 5;
    private static readonly ScenarioDefinition Scenario = BuiltinScenarios.Load("sensor-faults");

    [Fact]
    public void Next_SensorFaults_EachFaultAppearsOnItsDeviceFromItsStartAndNotBefore()
    {
        var faulty = Readings(DeviceFleet.Create(4, "", Seed, Scenario));
        var healthy = Readings(DeviceFleet.Create(4, "", Seed, Scenario with { Faults = [] }));

        // stuck: soil moisture of sm-0001 frozen from minute 120 on.
        var soil = faulty["sm-0001"].Select(values => values[CanonicalMetrics.SoilMoisturePct]).ToList();
        Assert.Equal(healthy["sm-0001"].Take(119), faulty["sm-0001"].Take(119));
        Assert.Single(soil.Skip(119).Distinct());
        Assert.True(healthy["sm-0001"].Skip(119).Select(values => values[CanonicalMetrics.SoilMoisturePct]).Distinct().Count() > 1);

        // spike: water level of rl-0001 3 m too high at minutes 240, 270, ... and right otherwise.
        var level = faulty["rl-0001"];
        var healthyLevel = healthy["rl-0001"];
        for (var minute = 1; minute < 18 * 60; minute++)
        {
            var difference = level[minute - 1][CanonicalMetrics.WaterLevelM] - healthyLevel[minute - 1][CanonicalMetrics.WaterLevelM];
            var spike = minute >= 240 && (minute - 240) % FaultySensorModel.SpikeEveryMinutes == 0;
            Assert.Equal(spike ? 3 : 0, difference, 1e-9);
        }

        // drift: tilt x of tm-0001 walks away by 0.05 degrees per hour from hour 6.
        var drift = faulty["tm-0001"][(12 * 60) - 1][CanonicalMetrics.TiltXDeg] - healthy["tm-0001"][(12 * 60) - 1][CanonicalMetrics.TiltXDeg];
        Assert.Equal(0.05 * ((12 * 60) - 360) / 60, drift, 1e-6);
        Assert.Equal(healthy["tm-0001"].Take(359), faulty["tm-0001"].Take(359));

        // dying battery: rg-0001 sags to 2.9 V over six hours from hour 8, then falls silent at hour 14.
        var battery = faulty["rg-0001"].Select(values => values[CanonicalMetrics.BatteryV]).ToList();
        Assert.Equal((14 * 60) - 1, battery.Count);
        Assert.True(battery[479] > 3.3);
        Assert.InRange(battery[^1], 2.9, 2.92);
        Assert.All(battery.Skip(480).Zip(battery.Skip(481)), pair => Assert.True(pair.Second <= pair.First));

        // silent: rl-0001 reports nothing from hour 18.
        Assert.Equal((18 * 60) - 1, faulty["rl-0001"].Count);
    }

    [Fact]
    public void GroundTruth_SensorFaults_ListsEveryFaultWithDeviceKindAndStart()
    {
        var devices = DeviceFleet.Create(4, "sim-", Seed, Scenario);
        var clock = new SimulatedClock(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));

        var events = GroundTruth.Of(Scenario, devices, clock, clock.Start, new Edge.FirmwareSim.Publishing.ReadingSchedule(4, 4));

        Assert.Equal(
            [
                ("stuck", "sim-sm-0001", (string?)CanonicalMetrics.SoilMoisturePct, 120L),
                ("spike", "sim-rl-0001", CanonicalMetrics.WaterLevelM, 240L),
                ("drift", "sim-tm-0001", CanonicalMetrics.TiltXDeg, 360L),
                ("dying-battery", "sim-rg-0001", CanonicalMetrics.BatteryV, 480L),
                ("silent", "sim-rg-0001", null, 840L),
                ("silent", "sim-rl-0001", null, 1080L),
            ],
            events.Select(entry => (entry.Event, entry.DeviceId!, entry.Metric, entry.Seq)));
        Assert.All(events, entry => Assert.Equal(clock.Start + TimeSpan.FromMinutes(entry.Seq), entry.At));
    }

    [Fact]
    public void GroundTruth_FaultOfADeviceNotInTheFleet_IsLeftOut()
    {
        var devices = DeviceFleet.Create(2, "", Seed, Scenario); // rg-0001 and rl-0001 only

        var events = GroundTruth.Of(Scenario, devices, null, DateTimeOffset.UnixEpoch, new Edge.FirmwareSim.Publishing.ReadingSchedule(2, 1));

        Assert.DoesNotContain(events, entry => entry.DeviceId is "sm-0001" or "tm-0001");
        Assert.Equal(["spike", "dying-battery", "silent", "silent"], events.Select(entry => entry.Event));
    }

    /// <summary>Every device's readings over the scenario, until it falls silent.</summary>
    private static Dictionary<string, List<IReadOnlyDictionary<string, double>>> Readings(IReadOnlyList<SimulatedDevice> devices)
    {
        var readings = devices.ToDictionary(device => device.Id, _ => new List<IReadOnlyDictionary<string, double>>());
        foreach (var device in devices)
        {
            for (var minute = 1; minute <= SimulatedClock.Readings(Scenario); minute++)
            {
                var values = device.Model.Next();
                if (values.Count == 0)
                {
                    break;
                }

                readings[device.Id].Add(values);
            }
        }

        return readings;
    }
}
