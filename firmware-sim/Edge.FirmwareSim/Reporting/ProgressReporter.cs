using Edge.FirmwareSim.Publishing;
using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim.Reporting;

/// <summary>Logs a one-line summary of the fleet every interval (to stderr): connections, counts, and the current rate.</summary>
internal sealed partial class ProgressReporter(IReadOnlyList<DeviceCounters> devices, TimeSpan interval, TimeProvider time, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        var previous = FleetTotals.Sum(devices);
        var previousAt = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var current = FleetTotals.Sum(devices);
                var now = time.GetTimestamp();
                var rate = Math.Round((current.Acknowledged - previous.Acknowledged) / time.GetElapsedTime(previousAt, now).TotalSeconds, 1);
                LogProgress(current.Connected, current.Devices, current.Generated, current.Published, current.Acknowledged, rate, current.Unsent, current.Dropped, current.Errors);
                (previous, previousAt) = (current, now);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended; the simulator logs the final totals.
        }
    }
}
