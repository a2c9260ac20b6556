using System.Diagnostics.Tracing;

namespace Edge.Mqtt.Bench.Infrastructure;

/// <summary>
/// Listens to the runtime's own events in this process: GC allocation ticks (one about every 100 KB allocated, naming
/// the type of the object that crossed the mark, so the bytes per type are a sample of where allocations go) and lock
/// contention (a thread had to wait for a lock another thread held).
/// </summary>
internal sealed class RuntimeEventsListener : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const EventKeywords ContentionKeyword = (EventKeywords)0x4000;

    private readonly Dictionary<string, long> _bytesByType = [];
    private long _contentions;
    private double _contentionNanoseconds;
    private bool _recording;

    public long Contentions => Interlocked.Read(ref _contentions);

    public double ContentionMilliseconds
    {
        get
        {
            lock (_bytesByType)
            {
                return _contentionNanoseconds / 1e6;
            }
        }
    }

    public void Start()
    {
        lock (_bytesByType)
        {
            _bytesByType.Clear();
            _contentions = 0;
            _contentionNanoseconds = 0;
            _recording = true;
        }
    }

    /// <summary>Stops recording and returns the sampled bytes per type, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Stop()
    {
        lock (_bytesByType)
        {
            _recording = false;
            return [.. _bytesByType.OrderByDescending(pair => pair.Value)];
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword | ContentionKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var name = eventData.EventName ?? string.Empty;
        lock (_bytesByType)
        {
            if (!_recording)
            {
                return;
            }

            if (name.StartsWith("GCAllocationTick", StringComparison.Ordinal))
            {
                var type = Payload(eventData, "TypeName") as string ?? "?";
                var amount = Convert.ToInt64(Payload(eventData, "AllocationAmount64") ?? Payload(eventData, "AllocationAmount") ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
                _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
            }
            else if (name.StartsWith("ContentionStart", StringComparison.Ordinal))
            {
                _contentions++;
            }
            else if (name.StartsWith("ContentionStop", StringComparison.Ordinal) && Payload(eventData, "DurationNs") is { } duration)
            {
                _contentionNanoseconds += Convert.ToDouble(duration, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private static object? Payload(EventWrittenEventArgs eventData, string name)
    {
        var index = eventData.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 ? eventData.Payload?[index] : null;
    }
}
