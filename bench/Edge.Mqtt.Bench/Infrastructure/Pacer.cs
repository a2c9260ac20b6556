using System.Diagnostics;

namespace Edge.Mqtt.Bench.Infrastructure;

/// <summary>
/// Sends at a fixed rate: message <c>i</c> is due at <c>start + i / rate</c>. Waits with Task.Delay (about 1 ms
/// granularity on Linux), so messages that fell due meanwhile leave together; the average rate is exact. The
/// latency benchmark stamps each message when it is actually sent, so pacing jitter does not enter the figures.
/// </summary>
internal sealed class Pacer(int ratePerSecond)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public async ValueTask WaitForTurnAsync(long index, CancellationToken cancellationToken)
    {
        var due = _start + (long)(index * (double)Stopwatch.Frequency / ratePerSecond);
        var remaining = due - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            return;
        }

        // Task.Delay truncates to whole milliseconds: never ask for 0, which would spin.
        var milliseconds = Math.Max(1, (int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency));
        await Task.Delay(milliseconds, cancellationToken);
    }
}
