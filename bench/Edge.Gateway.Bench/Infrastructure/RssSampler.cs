namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>Samples a process's resident set (VmRSS) and the load average every second until disposed.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public RssSampler(Func<long> read)
    {
        _sampling = Task.Run(async () =>
        {
            var started = TimeProvider.System.GetTimestamp();
            while (!_stop.IsCancellationRequested)
            {
                var rss = read();
                if (rss > 0)
                {
                    lock (Samples)
                    {
                        Samples.Add((TimeProvider.System.GetElapsedTime(started).TotalSeconds, rss / 1048576.0, BenchContext.LoadAverage()));
                    }
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    /// <summary>(seconds since the start, MiB, load average).</summary>
    public List<(double Seconds, double Mib, double Load)> Samples { get; } = [];

    public double MaxMib
    {
        get
        {
            lock (Samples)
            {
                return Samples.Count == 0 ? double.NaN : Samples.Max(s => s.Mib);
            }
        }
    }

    public double LastMib
    {
        get
        {
            lock (Samples)
            {
                return Samples.Count == 0 ? double.NaN : Samples[^1].Mib;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
