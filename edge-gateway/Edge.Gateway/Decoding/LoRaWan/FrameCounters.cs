namespace Edge.Gateway.Decoding.LoRaWan;

/// <summary>What the frame counter says about a frame.</summary>
internal enum FrameVerdict
{
    /// <summary>The next frame, or the first one seen, or one after a counter reset.</summary>
    New,

    /// <summary>A frame counter already taken: a repeat (a network server or broker redelivery).</summary>
    Duplicate,
}

/// <summary>
/// Tracks each LoRaWAN device's recent frame counters to spot duplicates and gaps. A counter well below the highest seen is a
/// reset (the device rebooted or rejoined), not a duplicate; a join forgets the device. The same inbound message checked again
/// (a journal commit retried) gets the same verdict and is not counted twice.
/// </summary>
internal sealed class FrameCounters
{
    /// <summary>How many recent counters are remembered per device.</summary>
    public const int Window = 64;

    private readonly Dictionary<string, DeviceFrames> _devices = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public (FrameVerdict Verdict, long Missing) Check(string devEui, long frameCounter, object message)
    {
        lock (_lock)
        {
            if (!_devices.TryGetValue(devEui, out var frames))
            {
                frames = new DeviceFrames();
                _devices[devEui] = frames;
            }

            if (frames.Recent.TryGetValue(frameCounter, out var seen))
            {
                return ReferenceEquals(seen, message) ? (FrameVerdict.New, 0) : (FrameVerdict.Duplicate, 0);
            }

            long missing = 0;
            if (frames.Highest is { } highest && frameCounter > highest)
            {
                missing = frameCounter - highest - 1;
            }
            else if (frames.Highest is { } top && top - frameCounter > Window)
            {
                frames.Recent.Clear();
                frames.Order.Clear();
                frames.Highest = null;
            }

            frames.Recent[frameCounter] = message;
            frames.Order.Enqueue(frameCounter);
            if (frames.Order.Count > Window)
            {
                frames.Recent.Remove(frames.Order.Dequeue());
            }

            frames.Highest = frames.Highest is { } current ? Math.Max(current, frameCounter) : frameCounter;
            return (FrameVerdict.New, missing);
        }
    }

    public void Joined(string devEui)
    {
        lock (_lock)
        {
            _devices.Remove(devEui);
        }
    }

    private sealed class DeviceFrames
    {
        public Dictionary<long, object> Recent { get; } = [];

        public Queue<long> Order { get; } = new();

        public long? Highest { get; set; }
    }
}
