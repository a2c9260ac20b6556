using System.Buffers;
using System.IO.Pipelines;
using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Tests.Packets;

namespace Edge.Mqtt.Tests.Client;

public sealed class OutgoingPacketsTests
{
    [Fact]
    public async Task RunAsync_QueuedPackets_AreWrittenWholeAndInOrder()
    {
        using var outgoing = new OutgoingPackets(maxQueuedPublishes: 16);
        var pipe = new Pipe();
        await outgoing.ReservePublishSlotAsync(CancellationToken.None, CancellationToken.None);
        Assert.True(outgoing.TryEnqueuePublish(new PublishPacket("t", "1"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, false, 0)));
        Assert.True(outgoing.TryEnqueue(new PubAckPacket(5)));
        Assert.True(outgoing.TryEnqueue(PingReqPacket.Instance));
        outgoing.Complete();

        await outgoing.RunAsync(pipe.Writer, () => { }, CancellationToken.None);
        await pipe.Writer.CompleteAsync();

        Assert.Equal("30 04 00 01 74 31 40 02 00 05 C0 00", PacketBytes.ToHex((await ReadAllAsync(pipe.Reader)).ToArray()));
    }

    [Fact]
    public async Task RunAsync_AfterDisconnect_WritesNothingMore()
    {
        using var outgoing = new OutgoingPackets(maxQueuedPublishes: 16);
        var pipe = new Pipe();
        outgoing.TryEnqueue(DisconnectPacket.Instance);
        outgoing.TryEnqueue(PingReqPacket.Instance);

        await outgoing.RunAsync(pipe.Writer, () => { }, CancellationToken.None);
        await pipe.Writer.CompleteAsync();

        Assert.Equal("E0 00", PacketBytes.ToHex((await ReadAllAsync(pipe.Reader)).ToArray()));
    }

    [Fact]
    public async Task ReservePublishSlotAsync_QueueFull_WaitsUntilWriterFlushes()
    {
        using var outgoing = new OutgoingPackets(maxQueuedPublishes: 2);
        for (var i = 0; i < 2; i++)
        {
            await outgoing.ReservePublishSlotAsync(CancellationToken.None, CancellationToken.None);
            outgoing.TryEnqueuePublish(new PublishPacket("t", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, false, false, 0));
        }

        var third = outgoing.ReservePublishSlotAsync(CancellationToken.None, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        var pipe = new Pipe();
        using var stop = new CancellationTokenSource();
        var flushes = 0;
        var writer = outgoing.RunAsync(pipe.Writer, () => flushes++, stop.Token);

        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(flushes >= 1);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer);
    }

    [Fact]
    public async Task ReservePublishSlotAsync_ConnectionEndsWhileWaiting_IsCancelled()
    {
        using var outgoing = new OutgoingPackets(maxQueuedPublishes: 1);
        using var connection = new CancellationTokenSource();
        await outgoing.ReservePublishSlotAsync(CancellationToken.None, connection.Token);

        var waiting = outgoing.ReservePublishSlotAsync(CancellationToken.None, connection.Token).AsTask();
        await connection.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void TryEnqueuePublish_AfterComplete_ReturnsSlotAndFalse()
    {
        using var outgoing = new OutgoingPackets(maxQueuedPublishes: 1);
        Assert.True(outgoing.ReservePublishSlotAsync(CancellationToken.None, CancellationToken.None).AsTask().IsCompletedSuccessfully);
        outgoing.Complete();

        Assert.False(outgoing.TryEnqueuePublish(new PublishPacket("t", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, false, false, 0)));
        Assert.True(outgoing.ReservePublishSlotAsync(CancellationToken.None, CancellationToken.None).AsTask().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_BurstOfPublishes_FlushesFewTimes()
    {
        using var outgoing = new OutgoingPackets(maxQueuedPublishes: 1000);
        for (var i = 0; i < 1000; i++)
        {
            await outgoing.ReservePublishSlotAsync(CancellationToken.None, CancellationToken.None);
            outgoing.TryEnqueuePublish(new PublishPacket("t", new byte[100], MqttQualityOfService.AtMostOnce, false, false, 0));
        }

        outgoing.Complete();
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var flushes = 0;

        await outgoing.RunAsync(pipe.Writer, () => flushes++, CancellationToken.None);

        // 1,000 packets of 105 bytes: one flush per 64 KiB, not one per packet.
        Assert.InRange(flushes, 1, 3);
    }

    private static async Task<ReadOnlySequence<byte>> ReadAllAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                return result.Buffer;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
