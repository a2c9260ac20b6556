using Edge.FirmwareSim.Publishing;
using Edge.FirmwareSim.Tests.Fakes;
using Edge.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.FirmwareSim.Tests.Publishing;

public sealed class DeviceConnectionTests
{
    private const string DeviceId = "sim-rl-0001";
    private readonly ManualTimeProvider _time = new(SimulatorHarness.Start);
    private readonly FakeBroker _broker = new();
    private readonly DeviceCounters _counters = new();
    private readonly SimulatorOptions _options = SimulatorHarness.Options(devices: 1, rate: 1);

    [Fact]
    public async Task RunAsync_Connecting_UsesDeviceIdKeepAliveAndRetainedOfflineWillThenAnnouncesOnline()
    {
        var buffer = new ReadingBuffer(10, _counters);
        buffer.Complete();

        await Connection(_broker.Create).RunAsync(buffer, CancellationToken.None);

        var options = Assert.Single(_broker.Connections);
        Assert.Equal((DeviceId, "broker.test", 1883, TimeSpan.FromSeconds(30)), (options.ClientId, options.Host, options.Port, options.KeepAlive));
        Assert.Equal(new MqttApplicationMessage("devices/sim-rl-0001/status", options.Will!.Payload, MqttQualityOfService.AtLeastOnce, Retain: true), options.Will);
        Assert.Equal("offline"u8.ToArray(), options.Will.Payload.ToArray());
        Assert.Equal(
            [("online", true, false), ("offline", true, false)],
            _broker.Status(DeviceId).Select(message => (message.Payload, message.Retain, message.FromWill)));
    }

    [Fact]
    public async Task RunAsync_PubackNotYetReceived_CountsPublishedButNotAcknowledged()
    {
        var buffer = new ReadingBuffer(10, _counters);
        buffer.Add(new PendingReading(1, "{}"u8.ToArray()));
        buffer.Complete();
        _broker.HoldTelemetryAcknowledgements();

        var run = Connection(_broker.Create).RunAsync(buffer, CancellationToken.None);
        await _time.AdvanceUntilAsync(() => _counters.Published == 1, SimulatorHarness.Step, TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.Equal(0, _counters.Acknowledged);

        _broker.ReleaseTelemetryAcknowledgements();
        await run;
        Assert.Equal(1, _counters.Acknowledged);
    }

    [Fact]
    public async Task RunAsync_BrokerRefuses_RetriesWithGrowingJitteredDelaysUpToThirtySeconds()
    {
        _broker.Accepting = false;
        var attempts = new List<TimeSpan>();
        var buffer = new ReadingBuffer(10, _counters);
        using var abort = new CancellationTokenSource();
        var run = Connection(options =>
        {
            lock (attempts)
            {
                attempts.Add(_time.GetUtcNow() - SimulatorHarness.Start);
            }

            return _broker.Create(options);
        }).RunAsync(buffer, abort.Token);

        while (_time.GetUtcNow() - SimulatorHarness.Start < TimeSpan.FromMinutes(3))
        {
            await _time.JumpToNextTimerAsync();
        }

        await abort.CancelAsync();
        await run;

        var gaps = attempts.Zip(attempts.Skip(1), (first, second) => (second - first).TotalSeconds).ToList();
        for (var failure = 1; failure <= gaps.Count; failure++)
        {
            var ceiling = Math.Min(30, 0.5 * Math.Pow(2, failure - 1));
            Assert.InRange(gaps[failure - 1], Math.Max(0.5, ceiling / 2), ceiling);
        }

        Assert.InRange(gaps.Count, 9, 20);
        Assert.Equal(attempts.Count, _counters.Errors);
    }

    private DeviceConnection Connection(MqttClientFactory factory) =>
        new(DeviceId, _options, factory, _counters, _time, NullLogger.Instance);
}
