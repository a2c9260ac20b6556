using Edge.FirmwareSim.Scenarios;
using Edge.FirmwareSim.Tests.Fakes;

namespace Edge.FirmwareSim.Tests.Scenarios;

/// <summary>--speed on a manual clock: simulated timestamps, one per simulated minute, never ahead of the wall clock.</summary>
public sealed class SimulatorSpeedTests
{
    private readonly SimulatorHarness _sim = new();

    [Fact]
    public async Task RunAsync_Speed_StampsSimulatedMinutesInThePastAndEndsWithTheScenario()
    {
        var scenario = BuiltinScenarios.Calm with { Name = "two-hours", DurationH = 2 };
        var options = SimulatorHarness.Options(devices: 4, rate: 4 * 60 / 60.0, count: SimulatedClock.Readings(scenario));
        options.Scenario = scenario;
        options.Speed = 60; // two simulated hours in two wall-clock minutes

        var report = await _sim.RunToEndAsync(options, TimeSpan.FromMilliseconds(50));

        // Simulated time starts D (1 - 1/K) + 1 min before the wall clock, on a whole minute.
        var expectedStart = SimulatorHarness.Start - TimeSpan.FromHours(2 * (1 - (1 / 60.0))) - TimeSpan.FromMinutes(1);
        Assert.Equal(expectedStart, report.Scenario.SimulatedStart);
        Assert.Equal(60.0, report.Scenario.Speed);
        Assert.InRange(_sim.Elapsed, TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        foreach (var device in report.Devices)
        {
            var telemetry = _sim.Telemetry(device.DeviceId);
            Assert.Equal(120, telemetry.Count);
            Assert.Equal(telemetry.Select(message => expectedStart + TimeSpan.FromMinutes(message.Seq)), telemetry.Select(message => message.Ts));
        }

        // Never ahead: the last reading, sent as the run ends, is stamped before the wall clock's end.
        Assert.True(_sim.Telemetry("sim-tm-0001")[^1].Ts <= SimulatorHarness.Start + _sim.Elapsed);
    }

    [Fact]
    public async Task RunAsync_SameSeedTwice_PublishesTheSameValues()
    {
        var first = await ValuesAsync(seed: 11);
        var second = await ValuesAsync(seed: 11);
        var other = await ValuesAsync(seed: 12);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    private static async Task<List<string>> ValuesAsync(int seed)
    {
        var sim = new SimulatorHarness();
        var options = SimulatorHarness.Options(devices: 4, rate: 40, count: 30);
        options.Seed = seed;
        options.Scenario = BuiltinScenarios.Load("storm");
        await sim.RunToEndAsync(options);
        return [.. new[] { "sim-rg-0001", "sim-rl-0001", "sim-sm-0001", "sim-tm-0001" }
            .SelectMany(sim.Telemetry)
            .Select(message => string.Join(",", message.Values.OrderBy(value => value.Key, StringComparer.Ordinal).Select(value => $"{value.Key}={value.Value}")))];
    }
}
