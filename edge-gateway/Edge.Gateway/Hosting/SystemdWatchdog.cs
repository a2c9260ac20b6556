using Microsoft.Extensions.Options;

namespace Edge.Gateway.Hosting;

/// <summary>
/// Tells systemd the gateway is ready once it has started (<c>READY=1</c>), keeps its watchdog fed (<c>WATCHDOG=1</c>
/// every half of <c>WATCHDOG_USEC</c>) only while the journal writer is alive, and says <c>STOPPING=1</c> on the way
/// out. A writer stuck longer than <see cref="SystemdWatchdogOptions.StallLimit"/> (a hung disk, a deadlock) is no
/// longer vouched for, so systemd restarts the process: the journal and the broker's session lose nothing across a
/// restart. Outside systemd it does nothing.
/// </summary>
internal sealed partial class SystemdWatchdog(
    SystemdNotifier notifier,
    GatewayState state,
    IHostApplicationLifetime lifetime,
    IOptions<SystemdWatchdogOptions> options,
    TimeProvider timeProvider,
    ILogger<SystemdWatchdog> logger) : BackgroundService
{
    /// <summary>The watchdog interval systemd asked for (<c>WATCHDOG_USEC</c>), null when it asked for none.</summary>
    public TimeSpan? Interval { get; init; } = WatchdogInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"));

    public static TimeSpan? WatchdogInterval(string? usec, string? pid) =>
        long.TryParse(usec, out var microseconds) && microseconds > 0 && (string.IsNullOrEmpty(pid) || pid == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ? TimeSpan.FromMicroseconds(microseconds)
            : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled)
        {
            return;
        }

        await WhenStartedAsync(stoppingToken);
        notifier.Notify("READY=1");
        LogReady(Interval?.TotalSeconds);
        if (Interval is not { } interval)
        {
            return;
        }

        var watchingSince = timeProvider.GetUtcNow();
        var stalled = false;
        using var timer = new PeriodicTimer(interval / 2, timeProvider);
        try
        {
            do
            {
                var lastSign = state.JournalWriterAliveAt > watchingSince ? state.JournalWriterAliveAt : watchingSince;
                var age = timeProvider.GetUtcNow() - lastSign;
                if (age <= options.Value.StallLimit)
                {
                    notifier.Notify("WATCHDOG=1");
                    stalled = false;
                }
                else if (!stalled)
                {
                    stalled = true;
                    LogStalled(age.TotalSeconds);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        notifier.Notify("STOPPING=1");
        return base.StopAsync(cancellationToken);
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Told systemd the gateway is ready; watchdog every {WatchdogSeconds} s")]
    private partial void LogReady(double? watchdogSeconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The journal writer has not come round its loop for {Seconds:F0} s: no longer feeding the systemd watchdog, which will restart the gateway")]
    private partial void LogStalled(double seconds);
}
