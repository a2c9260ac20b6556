namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// Samples a counter (rows journaled, readings forwarded) every <see cref="Interval"/> with Stopwatch time, until a
/// condition holds or a time limit passes; rates are read off the samples.
/// </summary>
internal sealed class Progress
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public List<(double Seconds, long Value)> Samples { get; } = [];

    public long Started { get; } = TimeProvider.System.GetTimestamp();

    /// <summary>Samples until <paramref name="done"/> holds for a sample; false when <paramref name="limit"/> passed first.</summary>
    public async Task<bool> RunAsync(Func<long> read, Func<long, bool> done, TimeSpan limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var value = read();
            var at = TimeProvider.System.GetElapsedTime(Started);
            Samples.Add((at.TotalSeconds, value));
            if (done(value))
            {
                return true;
            }

            if (at > limit)
            {
                return false;
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }

    /// <summary>Seconds at the first sample whose value reached <paramref name="value"/>.</summary>
    public double SecondsAt(long value) => Samples.First(s => s.Value >= value).Seconds;

    /// <summary>
    /// Units per second from the first sample at or above <paramref name="from"/> to the first at or above
    /// <paramref name="to"/> (the sustained rate, without start-up and tail).
    /// </summary>
    public double Rate(long from, long to)
    {
        var a = Samples.First(s => s.Value >= from);
        var b = Samples.First(s => s.Value >= to);
        return b.Seconds > a.Seconds ? (b.Value - a.Value) / (b.Seconds - a.Seconds) : double.NaN;
    }
}
