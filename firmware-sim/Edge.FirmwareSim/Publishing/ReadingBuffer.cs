using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// A device's store of readings not yet handed to the broker, as real firmware keeps them in RAM while offline:
/// bounded, and when full the oldest reading is dropped (and counted) to make room for the newest.
/// The producer completes it when it stops producing.
/// </summary>
internal sealed class ReadingBuffer
{
    private readonly Channel<PendingReading> _channel;

    public ReadingBuffer(int capacity, DeviceCounters counters)
    {
        var options = new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        };
        _channel = Channel.CreateBounded<PendingReading>(options, _ => counters.ReadingDropped());
    }

    public void Add(PendingReading reading) => _channel.Writer.TryWrite(reading);

    public void Complete() => _channel.Writer.TryComplete();

    public bool TryTake([MaybeNullWhen(false)] out PendingReading reading) => _channel.Reader.TryRead(out reading);

    /// <summary>True when a reading is available; false when the buffer is complete and empty.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);
}
