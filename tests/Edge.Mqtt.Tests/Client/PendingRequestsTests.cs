using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Tests.Client;

public sealed class PendingRequestsTests
{
    private static readonly Func<MqttConnectionLostException> Closed = () => new MqttConnectionLostException("closed");

    [Fact]
    public void Register_Sequentially_AllocatesFromOne()
    {
        var pending = new PendingRequests();

        Assert.Equal([1, 2, 3], Enumerable.Range(0, 3).Select(_ => (int)pending.Register(new PendingRequest(MqttPacketType.PubAck), Closed)));
    }

    [Fact]
    public void Register_AfterWrap_SkipsIdentifiersStillInFlight()
    {
        var pending = new PendingRequests();
        var first = pending.Register(new PendingRequest(MqttPacketType.PubAck), Closed);
        var second = pending.Register(new PendingRequest(MqttPacketType.PubAck), Closed);
        for (var i = 3; i <= ushort.MaxValue; i++)
        {
            var id = pending.Register(new PendingRequest(MqttPacketType.PubAck), Closed);
            Assert.NotNull(pending.Take(id, MqttPacketType.PubAck));
        }

        // 1 and 2 are still in flight: after 65535 the allocator wraps and must skip them.
        Assert.Equal((ushort)1, first);
        Assert.Equal((ushort)2, second);
        Assert.Equal((ushort)3, pending.Register(new PendingRequest(MqttPacketType.PubAck), Closed));
        Assert.NotNull(pending.Take(1, MqttPacketType.PubAck));
        Assert.Equal((ushort)4, pending.Register(new PendingRequest(MqttPacketType.PubAck), Closed));
    }

    [Fact]
    public void Register_AllIdentifiersInFlight_Throws()
    {
        var pending = new PendingRequests();
        for (var i = 1; i <= ushort.MaxValue; i++)
        {
            pending.Register(new PendingRequest(MqttPacketType.PubAck), Closed);
        }

        Assert.Throws<MqttException>(() => pending.Register(new PendingRequest(MqttPacketType.PubAck), Closed));
    }

    [Fact]
    public void Take_UnknownIdentifier_IsNull()
    {
        Assert.Null(new PendingRequests().Take(42, MqttPacketType.PubAck));
    }

    [Fact]
    public void Take_AnswerOfWrongType_IsViolationAndLeavesRequest()
    {
        var pending = new PendingRequests();
        var id = pending.Register(new PendingRequest(MqttPacketType.SubAck, 1), Closed);

        Assert.Throws<MqttProtocolViolationException>(() => pending.Take(id, MqttPacketType.PubAck));
        Assert.Equal(1, pending.Count);
    }

    [Fact]
    public async Task FailAll_WaitingRequests_FailAndLaterRegistrationsThrow()
    {
        var pending = new PendingRequests();
        var request = new PendingRequest(MqttPacketType.PubAck);
        pending.Register(request, Closed);

        pending.FailAll(() => new MqttConnectionLostException("gone"));

        var error = await Assert.ThrowsAsync<MqttConnectionLostException>(() => request.Task);
        Assert.Equal("gone", error.Message);
        Assert.Throws<MqttConnectionLostException>(() => pending.Register(new PendingRequest(MqttPacketType.PubAck), Closed));
        Assert.Equal(0, pending.Count);
    }
}
