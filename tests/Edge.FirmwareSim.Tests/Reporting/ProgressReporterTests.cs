using Edge.FirmwareSim.Publishing;
using Edge.FirmwareSim.Reporting;
using Edge.FirmwareSim.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim.Tests.Reporting;

public sealed class ProgressReporterTests
{
    [Fact]
    public async Task RunAsync_EveryInterval_LogsTheFleetTotalsAndTheRate()
    {
        var time = new ManualTimeProvider(SimulatorHarness.Start);
        var logger = new ListLogger();
        var devices = new[] { new DeviceCounters(), new DeviceCounters() };
        devices[0].SetConnected(true);
        using var stop = new CancellationTokenSource();
        var run = new ProgressReporter(devices, TimeSpan.FromSeconds(5), time, logger).RunAsync(stop.Token);

        foreach (var device in devices)
        {
            for (var seq = 1; seq <= 10; seq++)
            {
                device.ReadingGenerated(seq);
                device.ReadingPublished();
                device.ReadingAcknowledged();
            }
        }

        await time.AdvanceUntilAsync(() => logger.Lines.Count > 0, SimulatorHarness.Step, TimeSpan.FromSeconds(6));
        await stop.CancelAsync();
        await run;

        Assert.Equal("connected 1/2, generated 20, published 20, acknowledged 20 (4/s), buffered 0, dropped 0, errors 0", Assert.Single(logger.Lines));
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
