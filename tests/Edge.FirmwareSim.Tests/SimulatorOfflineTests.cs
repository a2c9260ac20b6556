using Edge.FirmwareSim.Tests.Fakes;

namespace Edge.FirmwareSim.Tests;

/// <summary>The simulator behaves like real firmware when its broker is away: it buffers, reconnects, and catches up.</summary>
public sealed class SimulatorOfflineTests
{
    private const string RainGauge = "sim-rg-0001";
    private readonly SimulatorHarness _sim = new();

    [Fact]
    public async Task RunAsync_BrokerDownAtStart_BuffersThenDeliversEverythingInOrderWithOriginalTimestamps()
    {
        _sim.Broker.Accepting = false;
        var run = _sim.StartAsync(SimulatorHarness.Options(devices: 2, rate: 2, count: 6));
        await _sim.AdvanceUntilAsync(() => _sim.Elapsed >= TimeSpan.FromSeconds(3.2));
        Assert.Empty(_sim.Broker.Messages);
        Assert.True(_sim.Broker.RefusedConnections >= 4, $"{_sim.Broker.RefusedConnections} attempts");

        _sim.Broker.Accepting = true;
        await _sim.AdvanceUntilAsync(() => run.IsCompleted);
        var report = await run;

        var telemetry = _sim.Telemetry(RainGauge);
        Assert.Equal([1L, 2, 3, 4, 5, 6], telemetry.Select(message => message.Seq));
        Assert.All(telemetry.Take(3), message =>
            Assert.InRange(message.Ts - SimulatorHarness.Start, TimeSpan.FromSeconds(message.Seq - 1), TimeSpan.FromSeconds(message.Seq - 0.9)));
        Assert.Equal((12, 12, 12, 0, 0), (report.Totals.Generated, report.Totals.Published, report.Totals.Acknowledged, report.Totals.Dropped, report.Totals.Unsent));
        Assert.True(report.Totals.Errors >= 4);
    }

    [Fact]
    public async Task RunAsync_ConnectionLost_ReconnectsAndResendsWhatWasNotAcknowledged()
    {
        var run = _sim.StartAsync(SimulatorHarness.Options(devices: 1, rate: 1, count: 8));
        await _sim.AdvanceUntilAsync(() => _sim.Broker.Telemetry(RainGauge).Count >= 3);

        _sim.Broker.Accepting = false;
        _sim.Broker.DropConnections();
        await _sim.AdvanceUntilAsync(() => _sim.Elapsed >= TimeSpan.FromSeconds(6.5));
        _sim.Broker.Accepting = true;
        await _sim.AdvanceUntilAsync(() => run.IsCompleted);
        var report = await run;

        Assert.Equal(Enumerable.Range(1, 8).Select(seq => (long)seq), _sim.Telemetry(RainGauge).Select(message => message.Seq).Distinct());
        Assert.Equal((8, 8, 0), (report.Totals.Generated, report.Totals.Acknowledged, report.Totals.Unsent));
        Assert.Equal(
            [("online", false), ("offline", true), ("online", false), ("offline", false)],
            _sim.Broker.Status(RainGauge).Select(message => (message.Payload, message.FromWill)));
    }

    [Fact]
    public async Task RunAsync_BufferOverflowsWhileOffline_DropsTheOldestAndCountsThem()
    {
        _sim.Broker.Accepting = false;
        var options = SimulatorHarness.Options(devices: 1, rate: 1, count: 5);
        options.BufferCapacity = 2;
        var run = _sim.StartAsync(options);
        await _sim.AdvanceUntilAsync(() => _sim.Elapsed >= TimeSpan.FromSeconds(4.5));

        _sim.Broker.Accepting = true;
        await _sim.AdvanceUntilAsync(() => run.IsCompleted);
        var report = await run;

        Assert.Equal([4L, 5], _sim.Telemetry(RainGauge).Select(message => message.Seq));
        var device = Assert.Single(report.Devices);
        Assert.Equal((5, 2, 2, 3, 0, 1L, 5L), (device.Generated, device.Published, device.Acknowledged, device.Dropped, device.Unsent, device.FirstSeq, device.LastSeq));
        Assert.Equal((5, 2, 3), (report.Totals.Generated, report.Totals.Acknowledged, report.Totals.Dropped));
    }

    [Fact]
    public async Task RunAsync_BrokerNeverComesBack_GivesUpAfterTheDrainTimeoutAndReportsUnsent()
    {
        _sim.Broker.Accepting = false;
        var options = SimulatorHarness.Options(devices: 2, rate: 2, count: 3);
        options.DrainTimeout = TimeSpan.FromSeconds(20);

        var report = await _sim.RunToEndAsync(options, step: TimeSpan.FromMilliseconds(100));

        // Not before the drain timeout; the upper bound allows for the fake clock running ahead of a loaded machine.
        Assert.InRange(_sim.Elapsed, TimeSpan.FromSeconds(22.5), TimeSpan.FromSeconds(26));
        Assert.Equal((6, 0, 0, 6), (report.Totals.Generated, report.Totals.Published, report.Totals.Acknowledged, report.Totals.Unsent));
        Assert.Empty(_sim.Broker.Messages);
    }
}
