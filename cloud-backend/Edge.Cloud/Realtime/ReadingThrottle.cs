namespace Edge.Cloud.Realtime;

/// <summary>
/// At most one reading per device per interval for the municipality-wide stream: the first goes out at once, later ones
/// within the interval wait, and only the newest of them goes out when the interval ends (so the map never lags behind).
/// </summary>
internal sealed class ReadingThrottle(TimeSpan interval)
{
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Returns the reading if it may go now; otherwise keeps it as the device's pending reading.</summary>
    public (Guid Tenant, LiveReading Reading)? Offer(Guid tenant, LiveReading reading, long nowTicks)
    {
        if (_windows.TryGetValue(reading.DeviceId, out var window) && nowTicks - window.SentAt < interval.Ticks)
        {
            if (window.Pending is not { } pending || pending.Reading.Ts <= reading.Ts)
            {
                window.Pending = (tenant, reading);
            }

            return null;
        }

        _windows[reading.DeviceId] = new Window { SentAt = nowTicks };
        return (tenant, reading);
    }

    /// <summary>The pending readings whose interval has ended; each starts a new interval.</summary>
    public List<(Guid Tenant, LiveReading Reading)> TakeDue(long nowTicks)
    {
        var due = new List<(Guid, LiveReading)>();
        List<string>? idle = null;
        foreach (var (deviceId, window) in _windows)
        {
            if (nowTicks - window.SentAt < interval.Ticks)
            {
                continue;
            }

            if (window.Pending is { } pending)
            {
                due.Add(pending);
                window.Pending = null;
                window.SentAt = nowTicks;
            }
            else
            {
                (idle ??= []).Add(deviceId);
            }
        }

        idle?.ForEach(deviceId => _windows.Remove(deviceId));
        return due;
    }

    private sealed class Window
    {
        public long SentAt { get; set; }

        public (Guid Tenant, LiveReading Reading)? Pending { get; set; }
    }
}
