using System.Text;
using System.Threading.Channels;
using Edge.Mqtt.Client;

namespace Edge.Mqtt.Tests.Client;

public sealed class ReceivedMessageQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void TryWrite_UpToCapacity_ThenRefuses()
    {
        var queue = new ReceivedMessageQueue(4);

        Assert.All(Enumerable.Range(0, 4), i => Assert.True(queue.TryWrite(Message(i))));
        Assert.False(queue.TryWrite(Message(4)));
        Assert.Equal(4, queue.Reader.Count);
    }

    [Fact]
    public async Task WriteWhenRoomAsync_Full_WaitsUntilTheReaderTookHalfNotJustOne()
    {
        var queue = new ReceivedMessageQueue(10);
        for (var i = 0; i < 10; i++)
        {
            queue.TryWrite(Message(i));
        }

        var write = queue.WriteWhenRoomAsync(Message(10), CancellationToken.None).AsTask();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(queue.Reader.TryRead(out _));
        }

        // Six waiting: above half, so the read loop stays paused although there is room for four more.
        await Task.Delay(100);
        Assert.False(write.IsCompleted);

        Assert.True(queue.Reader.TryRead(out _));
        await write.WaitAsync(Timeout);
        Assert.Equal(6, queue.Reader.Count);
    }

    [Fact]
    public async Task Reader_DeliversInOrder_AcrossPausesOfTheWriter()
    {
        const int count = 10_000;
        var queue = new ReceivedMessageQueue(7);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                var message = Message(i);
                if (!queue.TryWrite(message))
                {
                    await queue.WriteWhenRoomAsync(message, CancellationToken.None);
                }
            }

            queue.Complete();
        });

        var expected = 0;
        await foreach (var message in queue.Reader.ReadAllAsync().WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            Assert.Equal(expected++.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.ASCII.GetString(message.Payload.Span));
            Assert.InRange(queue.Reader.Count, 0, 7);
        }

        await writer.WaitAsync(Timeout);
        Assert.Equal(count, expected);
    }

    [Fact]
    public async Task WriteWhenRoomAsync_CompletedWhileWaiting_ThrowsChannelClosed()
    {
        var queue = new ReceivedMessageQueue(1);
        queue.TryWrite(Message(0));
        var write = queue.WriteWhenRoomAsync(Message(1), CancellationToken.None).AsTask();

        queue.Complete();

        await Assert.ThrowsAsync<ChannelClosedException>(() => write.WaitAsync(Timeout));
        Assert.True(queue.Reader.TryRead(out _));
        await queue.Reader.Completion.WaitAsync(Timeout);
    }

    [Fact]
    public async Task WriteWhenRoomAsync_Cancelled_GivesUpAndLeavesTheQueueUsable()
    {
        var queue = new ReceivedMessageQueue(2);
        queue.TryWrite(Message(0));
        queue.TryWrite(Message(1));
        using var cancellation = new CancellationTokenSource();
        var write = queue.WriteWhenRoomAsync(Message(2), cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write.WaitAsync(Timeout));
        Assert.True(queue.Reader.TryRead(out _));
        Assert.True(queue.Reader.TryRead(out _));
        await queue.WriteWhenRoomAsync(Message(3), CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal(1, queue.Reader.Count);
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReceivedMessageQueue(0));
    }

    private static MqttReceivedMessage Message(int number) => new(
        "t", Encoding.ASCII.GetBytes(number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        MqttQualityOfService.AtMostOnce, retain: false, duplicate: false, packetId: 0, acknowledge: null, properties: null);
}
