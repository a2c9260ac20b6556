using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Edge.Mqtt.Client;

/// <summary>
/// The received messages waiting for the application: at most <c>capacity</c>, with hysteresis. Once full, the writer
/// (the read loop) waits until the application has taken it down to half, not until one slot is free: a broker that
/// sends faster than the application reads (QoS 0 has no inflight limit) then costs one pause per half-buffer instead
/// of a wake-up of the read loop per message.
/// </summary>
internal sealed class ReceivedMessageQueue
{
    private readonly Channel<MqttReceivedMessage> _channel = Channel.CreateUnbounded<MqttReceivedMessage>(new UnboundedChannelOptions
    {
        AllowSynchronousContinuations = true,
    });

    private readonly int _capacity;
    private readonly int _resumeAt;
    private readonly Lock _roomLock = new();
    private TaskCompletionSource? _room;
    private int _count;
    private volatile bool _completed;

    public ReceivedMessageQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _resumeAt = capacity / 2;
        Reader = new CountingReader(this);
    }

    /// <summary>What the application reads; taking a message may let a waiting writer go on.</summary>
    public ChannelReader<MqttReceivedMessage> Reader { get; }

    /// <summary>Queues <paramref name="message"/> if there is room and the queue is open.</summary>
    public bool TryWrite(MqttReceivedMessage message)
    {
        if (Interlocked.Increment(ref _count) > _capacity || !_channel.Writer.TryWrite(message))
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Waits until the application has taken the queue down to half its capacity, then queues <paramref name="message"/>.
    /// Throws <see cref="ChannelClosedException"/> when the queue was completed meanwhile.
    /// </summary>
    public async ValueTask WriteWhenRoomAsync(MqttReceivedMessage message, CancellationToken cancellationToken)
    {
        while (!TryWrite(message))
        {
            if (_completed)
            {
                throw new ChannelClosedException();
            }

            await WaitForRoomAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>No more messages: the reader completes once it has taken those queued; a waiting writer gives up.</summary>
    public void Complete()
    {
        _completed = true;
        _channel.Writer.TryComplete();
        SignalRoom();
    }

    private Task WaitForRoomAsync()
    {
        lock (_roomLock)
        {
            if (Volatile.Read(ref _count) <= _resumeAt || _completed)
            {
                return Task.CompletedTask;
            }

            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _room.Task;
        }
    }

    private void OnTaken()
    {
        if (Interlocked.Decrement(ref _count) <= _resumeAt && Volatile.Read(ref _room) is not null)
        {
            SignalRoom();
        }
    }

    private void SignalRoom()
    {
        TaskCompletionSource? room;
        lock (_roomLock)
        {
            room = _room;
            _room = null;
        }

        room?.TrySetResult();
    }

    private sealed class CountingReader(ReceivedMessageQueue queue) : ChannelReader<MqttReceivedMessage>
    {
        private readonly ChannelReader<MqttReceivedMessage> _inner = queue._channel.Reader;

        public override Task Completion => _inner.Completion;

        public override bool CanCount => true;

        public override bool CanPeek => true;

        public override int Count => _inner.Count;

        public override bool TryRead([MaybeNullWhen(false)] out MqttReceivedMessage item)
        {
            if (!_inner.TryRead(out item))
            {
                return false;
            }

            queue.OnTaken();
            return true;
        }

        public override bool TryPeek([MaybeNullWhen(false)] out MqttReceivedMessage item) => _inner.TryPeek(out item);

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => _inner.WaitToReadAsync(cancellationToken);
    }
}
