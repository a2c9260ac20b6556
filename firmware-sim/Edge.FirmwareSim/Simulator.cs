using Edge.FirmwareSim.Devices;
using Edge.FirmwareSim.Publishing;
using Edge.FirmwareSim.Reporting;
using Edge.FirmwareSim.Scenarios;
using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim;

/// <summary>
/// Runs the fleet: every device produces and publishes on its own schedule and connection until <c>--count</c> is
/// reached, <c>--duration</c> has passed, or the caller cancels (Ctrl-C, SIGTERM); then returns the report.
/// </summary>
internal sealed partial class Simulator(SimulatorOptions options, MqttClientFactory clientFactory, TimeProvider time, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<Simulator>();

    public async Task<SimulationReport> RunAsync(CancellationToken cancellationToken)
    {
        var schedule = new ReadingSchedule(options.Devices, options.Rate);
        var connectionLogger = loggerFactory.CreateLogger<DeviceConnection>();
        using var http = options.Protocol is DeviceProtocol.Sms or DeviceProtocol.Mixed ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
        var startedAt = time.GetUtcNow();
        var clock = options.Speed is { } speed ? SimulatedClock.ForRun(startedAt, options.Scenario, speed) : null;
        var runners = DeviceFleet.Create(options.Devices, options.IdPrefix, options.Seed, options.Scenario)
            .Select(device => new DeviceRunner(device, options, schedule, clientFactory, time, connectionLogger, http, clock))
            .ToList();
        var counters = runners.Select(runner => runner.Counters).ToList();
        LogStarting(options.Devices, options.Broker, options.Rate, schedule.Interval.TotalSeconds, options.Seed, (int)options.Qos);
        LogScenario(options.Scenario.Name, options.Speed ?? 1, clock?.Start);
        var start = time.GetTimestamp();
        using var duration = new CancellationTokenSource(options.Duration ?? Timeout.InfiniteTimeSpan, time);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, duration.Token);
        using var progressStop = new CancellationTokenSource();
        var progress = new ProgressReporter(counters, options.ProgressInterval, time, loggerFactory.CreateLogger<ProgressReporter>())
            .RunAsync(progressStop.Token);

        await Task.WhenAll(runners.Select(runner => runner.RunAsync(start, stopping.Token)));
        await progressStop.CancelAsync();
        await progress;

        var groundTruth = GroundTruth.Of(options.Scenario, runners.Select(runner => runner.Device), clock, startedAt, schedule);
        var report = SimulationReport.Create(options, startedAt, time.GetUtcNow(), runners, clock, groundTruth);
        var totals = report.Totals;
        LogFinished(totals.Generated, totals.Acknowledged, totals.Dropped, totals.Unsent, totals.Errors);
        return report;
    }
}
