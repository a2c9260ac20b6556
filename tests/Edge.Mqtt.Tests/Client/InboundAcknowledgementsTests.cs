using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Tests.Client;

public sealed class InboundAcknowledgementsTests
{
    private readonly List<MqttPacket> _sent = [];
    private readonly InboundAcknowledgements _acks;

    public InboundAcknowledgementsTests()
    {
        _acks = new InboundAcknowledgements(packet =>
        {
            _sent.Add(packet);
            return true;
        });
    }

    [Fact]
    public void Acknowledge_OutOfOrder_SendsPubAcksInArrivalOrder()
    {
        var s1 = Register(11);
        var s2 = Register(12);
        var s3 = Register(13);

        _acks.Acknowledge(s3);
        Assert.Empty(_sent);

        _acks.Acknowledge(s1);
        Assert.Equal(["PubAck 11"], Sent());

        _acks.Acknowledge(s2);
        Assert.Equal(["PubAck 11", "PubAck 12", "PubAck 13"], Sent());
        Assert.Equal(0, _acks.Pending);
    }

    [Fact]
    public void Acknowledge_Twice_SendsOnce()
    {
        var s1 = Register(1);

        _acks.Acknowledge(s1);
        _acks.Acknowledge(s1);

        Assert.Equal(["PubAck 1"], Sent());
    }

    [Fact]
    public void Acknowledge_ManyMoreThanInitialCapacity_KeepsOrderThroughGrowth()
    {
        var random = new Random(5);
        var sequences = Enumerable.Range(1, 500).Select(id => Register((ushort)id)).ToList();

        foreach (var sequence in sequences.OrderBy(_ => random.Next()))
        {
            _acks.Acknowledge(sequence);
        }

        Assert.Equal(Enumerable.Range(1, 500).Select(id => $"PubAck {id}"), Sent());
    }

    [Fact]
    public void Acknowledge_Qos2_SendsPubRecInOrderWithQos1()
    {
        var s1 = Register(1, MqttQualityOfService.ExactlyOnce);
        var s2 = Register(2);

        _acks.Acknowledge(s2);
        _acks.Acknowledge(s1);

        Assert.Equal(["PubRec 1", "PubAck 2"], Sent());
    }

    [Fact]
    public void TryRegister_Qos2DuplicateBeforeAcknowledge_IsNotDeliveredAndSendsNothing()
    {
        Register(7, MqttQualityOfService.ExactlyOnce);

        Assert.False(_acks.TryRegister(7, MqttQualityOfService.ExactlyOnce, out _));
        Assert.Empty(_sent);
    }

    [Fact]
    public void TryRegister_Qos2DuplicateAfterPubRec_IsNotDeliveredAndPubRecIsRepeated()
    {
        _acks.Acknowledge(Register(7, MqttQualityOfService.ExactlyOnce));

        Assert.False(_acks.TryRegister(7, MqttQualityOfService.ExactlyOnce, out _));
        Assert.Equal(["PubRec 7", "PubRec 7"], Sent());
    }

    [Fact]
    public void Release_AfterPubRec_SendsPubCompAndForgetsIdentifier()
    {
        _acks.Acknowledge(Register(7, MqttQualityOfService.ExactlyOnce));

        Assert.True(_acks.Release(7));

        Assert.Equal(["PubRec 7", "PubComp 7"], Sent());
        Assert.True(_acks.TryRegister(7, MqttQualityOfService.ExactlyOnce, out _));
    }

    [Fact]
    public void Release_UnknownIdentifier_StillAnswersPubComp()
    {
        Assert.True(_acks.Release(99));

        Assert.Equal(["PubComp 99"], Sent());
    }

    [Fact]
    public void Release_BeforePubRecWasSent_IsRefused()
    {
        Register(7, MqttQualityOfService.ExactlyOnce);

        Assert.False(_acks.Release(7));
        Assert.Empty(_sent);
    }

    [Fact]
    public void Acknowledge_AfterClose_IsNoOp()
    {
        var s1 = Register(1);

        _acks.Close();
        _acks.Acknowledge(s1);

        Assert.Empty(_sent);
        Assert.False(_acks.TryRegister(2, MqttQualityOfService.AtLeastOnce, out _));
    }

    private long Register(ushort packetId, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce)
    {
        Assert.True(_acks.TryRegister(packetId, qos, out var sequence));
        return sequence;
    }

    private List<string> Sent() => [.. _sent.Select(packet => packet switch
    {
        PubAckPacket a => $"PubAck {a.PacketId}",
        PubRecPacket r => $"PubRec {r.PacketId}",
        PubCompPacket c => $"PubComp {c.PacketId}",
        _ => packet.ToString(),
    })];
}
