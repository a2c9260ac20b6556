using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.FirmwareSim.Sensors;
using Edge.FirmwareSim.Tests.Sensors;
using Edge.FirmwareSim.Tests.Fakes;
using Edge.Mqtt;
using Edge.Telemetry.Decoding;
using Edge.Telemetry.Validation;

namespace Edge.FirmwareSim.Tests;

public sealed partial class SimulatorTests
{
    private static readonly string[] FourDevices = ["sim-rg-0001", "sim-rl-0001", "sim-sm-0001", "sim-tm-0001"];
    private static readonly TimeSpan Lag = TimeSpan.FromMilliseconds(100);
    private readonly SimulatorHarness _sim = new();

    [Fact]
    public async Task RunAsync_CountAndRate_PublishesCountReadingsPerDeviceOnAStaggeredSchedule()
    {
        var report = await _sim.RunToEndAsync(SimulatorHarness.Options(devices: 4, rate: 4, count: 5));

        for (var index = 0; index < FourDevices.Length; index++)
        {
            var telemetry = _sim.Telemetry(FourDevices[index]);
            Assert.Equal([1L, 2, 3, 4, 5], telemetry.Select(message => message.Seq));
            foreach (var message in telemetry)
            {
                var due = SimulatorHarness.Start + TimeSpan.FromSeconds((index * 0.25) + (message.Seq - 1));
                Assert.InRange(message.Ts, due, due + Lag);
            }
        }

        Assert.InRange(_sim.Elapsed, TimeSpan.FromSeconds(4.75), TimeSpan.FromSeconds(4.75) + Lag);
        Assert.Equal(20, report.Totals.Acknowledged);
    }

    [Fact]
    public async Task RunAsync_Duration_StopsProducingWhenItEnds()
    {
        var options = SimulatorHarness.Options(devices: 2, rate: 2);
        options.Duration = TimeSpan.FromSeconds(9.9);

        var report = await _sim.RunToEndAsync(options);

        Assert.Equal(Enumerable.Range(1, 10).Select(seq => (long)seq), _sim.Telemetry("sim-rg-0001").Select(message => message.Seq));
        Assert.Equal(Enumerable.Range(1, 10).Select(seq => (long)seq), _sim.Telemetry("sim-rl-0001").Select(message => message.Seq));
        Assert.InRange(_sim.Elapsed, TimeSpan.FromSeconds(9.9), TimeSpan.FromSeconds(9.9) + Lag);
        Assert.Equal((20, 20, 0), (report.Totals.Generated, report.Totals.Acknowledged, report.Totals.Unsent));
    }

    [Fact]
    public async Task RunAsync_Cancelled_AnnouncesOfflineDisconnectsCleanlyAndReportsEverything()
    {
        using var stop = new CancellationTokenSource();
        var run = _sim.StartAsync(SimulatorHarness.Options(devices: 2, rate: 2), stop.Token);
        await _sim.AdvanceUntilAsync(() => _sim.Elapsed >= TimeSpan.FromSeconds(3));

        await stop.CancelAsync();
        await _sim.AdvanceUntilAsync(() => run.IsCompleted);
        var report = await run;

        Assert.Equal(report.Totals.Generated, report.Totals.Acknowledged);
        Assert.InRange(report.Totals.Generated, 6, 8);
        Assert.DoesNotContain(_sim.Broker.Messages, message => message.FromWill);
        Assert.All(report.Devices, device => Assert.Equal("offline", _sim.Broker.Status(device.DeviceId)[^1].Payload));
    }

    [Fact]
    public async Task RunAsync_Payloads_FollowTheTelemetryContract()
    {
        await _sim.RunToEndAsync(SimulatorHarness.Options(devices: 4, rate: 4, count: 3));

        foreach (var (deviceId, kind) in FourDevices.Zip(SensorKinds.All))
        {
            var messages = _sim.Broker.Telemetry(deviceId);
            Assert.Equal(3, messages.Count);
            foreach (var message in messages)
            {
                Assert.Equal((MqttQualityOfService.AtLeastOnce, false), (message.Qos, message.Retain));
                using var document = JsonDocument.Parse(message.Payload);
                Assert.Equal(["ts", "seq", "values"], document.RootElement.EnumerateObject().Select(property => property.Name));
                Assert.Matches(UtcMilliseconds(), document.RootElement.GetProperty("ts").GetString());
                var decoded = TelemetryJsonDecoder.Decode(System.Text.Encoding.UTF8.GetBytes(message.Payload));
                Assert.Null(decoded.Error);
                Assert.Equal(KindMetrics.Of(kind), decoded.Telemetry!.Values.Keys);
                var validated = ReadingValidator.Validate(decoded.Telemetry, SimulatorHarness.Start.AddMinutes(1));
                Assert.Empty(validated.Violations);
                Assert.False(validated.IsRejected);
            }
        }
    }

    [Fact]
    public async Task RunAsync_QosZero_PublishesTelemetryAtMostOnceAndStatusAtLeastOnce()
    {
        var options = SimulatorHarness.Options(devices: 1, rate: 1, count: 2);
        options.Qos = MqttQualityOfService.AtMostOnce;

        await _sim.RunToEndAsync(options);

        Assert.All(_sim.Broker.Telemetry("sim-rg-0001"), message => Assert.Equal(MqttQualityOfService.AtMostOnce, message.Qos));
        Assert.All(_sim.Broker.Status("sim-rg-0001"), message => Assert.Equal(MqttQualityOfService.AtLeastOnce, message.Qos));
    }

    [Fact]
    public async Task RunAsync_SameSeed_PublishesTheSameValuesWhateverTheRate()
    {
        var slow = await ValuesAsync(seed: 5, rate: 40);
        var fast = await ValuesAsync(seed: 5, rate: 4000);
        var otherSeed = await ValuesAsync(seed: 6, rate: 40);

        Assert.Equal(slow, fast);
        Assert.NotEqual(slow, otherSeed);
    }

    private static async Task<List<string>> ValuesAsync(int seed, double rate)
    {
        var sim = new SimulatorHarness();
        var options = SimulatorHarness.Options(devices: 4, rate, count: 20);
        options.Seed = seed;
        await sim.RunToEndAsync(options);
        return [.. FourDevices.SelectMany(sim.Telemetry).Select(message => $"{message.Seq}:{string.Join(',', message.Values)}")];
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex UtcMilliseconds();
}
