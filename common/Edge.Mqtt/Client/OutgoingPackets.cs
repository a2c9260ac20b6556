using System.IO.Pipelines;
using System.Threading.Channels;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Client;

/// <summary>
/// The connection's single writer: packets are queued from any thread and one loop encodes them into the PipeWriter,
/// flushing when the queue runs empty (or every <see cref="FlushThresholdBytes"/>), so a burst goes out in few
/// syscalls and two packets' bytes never interleave. Control packets (acknowledgements, pings) and the session's QoS 1
/// and 2 PUBLISHes (bounded by the session's store) are queued without waiting; QoS 0 PUBLISHes first take one of a
/// bounded number of queue slots, freed when their bytes are flushed, so a fast publisher waits instead of growing memory.
/// </summary>
internal sealed class OutgoingPackets(int maxQueuedPublishes, MqttProtocolVersion version = MqttProtocolVersion.V311) : IDisposable
{
    public const int FlushThresholdBytes = 64 * 1024;

    private readonly Channel<MqttPacket> _queue = Channel.CreateUnbounded<MqttPacket>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly SemaphoreSlim _publishSlots = new(maxQueuedPublishes);

    /// <summary>Queues a control packet (or any packet not bound by the publish slots); false once completed.</summary>
    public bool TryEnqueue(MqttPacket packet) => _queue.Writer.TryWrite(packet);

    /// <summary>The protocol the packets are encoded in.</summary>
    public MqttProtocolVersion Version { get; } = version;

    /// <summary>Waits for a QoS 0 publish slot. The caller then queues with <see cref="TryEnqueuePublish"/>.</summary>
    public ValueTask ReservePublishSlotAsync(CancellationToken cancellationToken, CancellationToken connectionEnded) =>
        _publishSlots.Wait(0, cancellationToken) ? ValueTask.CompletedTask : WaitForSlotAsync(_publishSlots, cancellationToken, connectionEnded);

    /// <summary>Gives back a slot taken by <see cref="ReservePublishSlotAsync"/> that will not be used.</summary>
    public void ReleasePublishSlot() => _publishSlots.Release();

    /// <summary>Queues a QoS 0 PUBLISH that holds a slot; on failure (queue completed) gives the slot back and returns false.</summary>
    public bool TryEnqueuePublish(PublishPacket packet)
    {
        if (packet.Qos != MqttQualityOfService.AtMostOnce)
        {
            throw new ArgumentException("only QoS 0 publishes hold a queue slot", nameof(packet));
        }

        if (_queue.Writer.TryWrite(packet))
        {
            return true;
        }

        ReleasePublishSlot();
        return false;
    }

    public void Dispose() => _publishSlots.Dispose();

    /// <summary>No more packets: the writer loop ends once it has written what is queued.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>
    /// Waits on <paramref name="semaphore"/> until the caller cancels or the connection ends (then
    /// <see cref="OperationCanceledException"/>; the caller tells which by its own token).
    /// </summary>
    public static async ValueTask WaitForSlotAsync(SemaphoreSlim semaphore, CancellationToken cancellationToken, CancellationToken connectionEnded)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectionEnded);
        await semaphore.WaitAsync(either.Token);
    }

    /// <summary>
    /// The writer loop: runs until the queue is completed and drained, a DISCONNECT was written, or
    /// <paramref name="cancellationToken"/> fires. Socket errors propagate to the caller.
    /// </summary>
    public async Task RunAsync(PipeWriter output, Action flushed, CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        var publishesWritten = 0;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryRead(out var packet))
            {
                MqttPacketEncoder.Write(packet, output, Version);
                switch (packet.Type)
                {
                    case MqttPacketType.Publish:
                        if (((PublishPacket)packet).Qos == MqttQualityOfService.AtMostOnce)
                        {
                            publishesWritten++;
                        }

                        MqttMetrics.MessagesPublished.Add(1);
                        break;
                    case MqttPacketType.PubAck or MqttPacketType.PubRec:
                        MqttMetrics.AcksSent.Add(1);
                        break;
                    case MqttPacketType.Disconnect:
                        // Nothing may follow DISCONNECT (section 3.14.4).
                        await FlushAsync(output, publishesWritten, flushed, cancellationToken);
                        return;
                }

                if (output.UnflushedBytes >= FlushThresholdBytes)
                {
                    await FlushAsync(output, publishesWritten, flushed, cancellationToken);
                    publishesWritten = 0;
                }
            }

            await FlushAsync(output, publishesWritten, flushed, cancellationToken);
            publishesWritten = 0;
        }
    }

    private async ValueTask FlushAsync(PipeWriter output, int publishesWritten, Action flushed, CancellationToken cancellationToken)
    {
        var bytes = output.UnflushedBytes;
        var result = await output.FlushAsync(cancellationToken);
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("the flush was cancelled", cancellationToken);
        }

        MqttMetrics.BytesSent.Add(bytes);
        flushed();
        if (publishesWritten > 0)
        {
            _publishSlots.Release(publishesWritten);
        }
    }
}
