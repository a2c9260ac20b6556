using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Tests.Client;

public sealed class InboundAcknowledgementsTests
{
    private readonly List<MqttPacket> _sent = [];
    private readonly InboundAcknowledgements _acks;

    public InboundAcknowledgementsTests()
    {
        _acks = new InboundAcknowledgements(Send);
    }

    [Fact]
    public void Acknowledge_OutOfOrder_SendsPubAcksInArrivalOrder()
    {
        var s1 = Register(11);
        var s2 = Register(12);
        var s3 = Register(13);

        Acknowledge(s3);
        Assert.Empty(_sent);

        Acknowledge(s1);
        Assert.Equal(["PubAck 11"], Sent());

        Acknowledge(s2);
        Assert.Equal(["PubAck 11", "PubAck 12", "PubAck 13"], Sent());
        Assert.Equal(0, _acks.Pending);
    }

    [Fact]
    public void Acknowledge_Twice_SendsOnce()
    {
        var s1 = Register(1);

        Acknowledge(s1);
        Acknowledge(s1);

        Assert.Equal(["PubAck 1"], Sent());
    }

    [Fact]
    public void Acknowledge_ManyMoreThanInitialCapacity_KeepsOrderThroughGrowth()
    {
        var random = new Random(5);
        var registered = Enumerable.Range(1, 500).Select(id => Register((ushort)id)).ToList();

        foreach (var message in registered.OrderBy(_ => random.Next()))
        {
            Acknowledge(message);
        }

        Assert.Equal(Enumerable.Range(1, 500).Select(id => $"PubAck {id}"), Sent());
    }

    [Fact]
    public void Acknowledge_Qos2_SendsPubRecInOrderWithQos1()
    {
        var s1 = Register(1, MqttQualityOfService.ExactlyOnce);
        var s2 = Register(2);

        Acknowledge(s2);
        Acknowledge(s1);

        Assert.Equal(["PubRec 1", "PubAck 2"], Sent());
    }

    [Fact]
    public void Register_Qos2DuplicateBeforeAcknowledge_IsSuppressedAndSendsNothing()
    {
        Register(7, MqttQualityOfService.ExactlyOnce);

        Assert.Equal(InboundRegistration.Suppress, _acks.Register(7, MqttQualityOfService.ExactlyOnce, out _, out _));
        Assert.Empty(_sent);
        Assert.Equal(1, _acks.Pending);
    }

    [Fact]
    public void Register_Qos2DuplicateAfterPubRec_IsSuppressedAndPubRecIsRepeated()
    {
        Acknowledge(Register(7, MqttQualityOfService.ExactlyOnce));

        Assert.Equal(InboundRegistration.Suppress, _acks.Register(7, MqttQualityOfService.ExactlyOnce, out _, out _));
        Assert.Equal(["PubRec 7", "PubRec 7"], Sent());
    }

    [Fact]
    public void Release_AfterPubRec_SendsPubCompAndForgetsIdentifier()
    {
        Acknowledge(Register(7, MqttQualityOfService.ExactlyOnce));

        Assert.True(_acks.Release(7));

        Assert.Equal(["PubRec 7", "PubComp 7 Success"], Sent());
        Assert.Equal(InboundRegistration.Deliver, _acks.Register(7, MqttQualityOfService.ExactlyOnce, out _, out _));
    }

    [Fact]
    public void Release_UnknownIdentifier_StillAnswersPubCompWithIdentifierNotFound()
    {
        Assert.True(_acks.Release(99));

        Assert.Equal(["PubComp 99 PacketIdentifierNotFound"], Sent());
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
        Acknowledge(s1);

        Assert.Empty(_sent);
        Assert.Equal(InboundRegistration.Refused, _acks.Register(2, MqttQualityOfService.AtLeastOnce, out _, out _));
    }

    [Fact]
    public void Acknowledge_WithRefusal_Qos2EndsWithPubRecAndNeedsNoPubRel()
    {
        var message = Register(3, MqttQualityOfService.ExactlyOnce);

        _acks.Acknowledge(message.Sequence, message.Entry, MqttReasonCode.PayloadFormatInvalid);

        Assert.Equal(["PubRec 3 PayloadFormatInvalid"], Sent());
        Assert.Equal(0, _acks.AwaitingRelease);
    }

    [Fact]
    public void Qos2AcrossConnections_ResendBeforeApplicationAcknowledged_IsAnsweredWhenItIs()
    {
        // Delivered on connection 1; the connection ends before the application acknowledged it.
        var first = Register(5, MqttQualityOfService.ExactlyOnce);
        _acks.Detach();
        _acks.Attach(Send, sessionPresent: true, receiveMaximum: 0);

        // The broker resends it on connection 2: not delivered again, and nothing sent yet.
        Assert.Equal(InboundRegistration.Suppress, _acks.Register(5, MqttQualityOfService.ExactlyOnce, out _, out _));
        Assert.Empty(_sent);

        // The application acknowledges the message it got on connection 1: PUBREC goes out on connection 2.
        Acknowledge(first);
        Assert.Equal(["PubRec 5"], Sent());
        Assert.True(_acks.Release(5));
    }

    [Fact]
    public void Qos2AcrossConnections_AcknowledgedWhileDisconnected_ResendIsAnsweredAtOnce()
    {
        var first = Register(5, MqttQualityOfService.ExactlyOnce);
        _acks.Detach();
        Acknowledge(first);
        _acks.Attach(Send, sessionPresent: true, receiveMaximum: 0);

        Assert.Equal(InboundRegistration.Suppress, _acks.Register(5, MqttQualityOfService.ExactlyOnce, out _, out _));

        Assert.Equal(["PubRec 5"], Sent());
    }

    [Fact]
    public void Attach_WithoutSession_ForgetsQos2Identifiers()
    {
        Acknowledge(Register(5, MqttQualityOfService.ExactlyOnce));
        _acks.Detach();

        _acks.Attach(Send, sessionPresent: false, receiveMaximum: 0);

        Assert.Equal(0, _acks.AwaitingRelease);
        Assert.Equal(InboundRegistration.Deliver, _acks.Register(5, MqttQualityOfService.ExactlyOnce, out _, out _));
    }

    [Fact]
    public void Acknowledge_Qos1OfEndedConnection_IsNoOpOnTheNext()
    {
        var old = Register(1);
        _acks.Detach();
        _acks.Attach(Send, sessionPresent: true, receiveMaximum: 0);
        var current = Register(1);

        Acknowledge(old);
        Assert.Empty(_sent);
        Acknowledge(current);
        Assert.Equal(["PubAck 1"], Sent());
    }

    [Fact]
    public void Register_BeyondReceiveMaximum_IsViolation()
    {
        _acks.Attach(Send, sessionPresent: true, receiveMaximum: 2);
        Register(1);
        Register(2, MqttQualityOfService.ExactlyOnce);

        var violation = Assert.Throws<MqttProtocolViolationException>(() => _acks.Register(3, MqttQualityOfService.AtLeastOnce, out _, out _));

        Assert.Equal(MqttReasonCode.ReceiveMaximumExceeded, violation.ReasonCode);
    }

    [Fact]
    public void Register_ReceiveMaximumCountsQos2UntilPubComp()
    {
        _acks.Attach(Send, sessionPresent: true, receiveMaximum: 1);
        Acknowledge(Register(1, MqttQualityOfService.ExactlyOnce));

        Assert.Throws<MqttProtocolViolationException>(() => _acks.Register(2, MqttQualityOfService.AtLeastOnce, out _, out _));
        Assert.True(_acks.Release(1));
        Assert.Equal(InboundRegistration.Deliver, _acks.Register(2, MqttQualityOfService.AtLeastOnce, out _, out _));
    }

    [Fact]
    public void Forget_NeverDelivered_ResendIsDeliveredAgain()
    {
        var message = Register(8, MqttQualityOfService.ExactlyOnce);
        _acks.Detach();
        _acks.Forget(message.Entry!);
        _acks.Attach(Send, sessionPresent: true, receiveMaximum: 0);

        Assert.Equal(InboundRegistration.Deliver, _acks.Register(8, MqttQualityOfService.ExactlyOnce, out _, out _));
    }

    private bool Send(MqttPacket packet)
    {
        _sent.Add(packet);
        return true;
    }

    private (long Sequence, InboundQos2Entry? Entry) Register(ushort packetId, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce)
    {
        Assert.Equal(InboundRegistration.Deliver, _acks.Register(packetId, qos, out var sequence, out var entry));
        return (sequence, entry);
    }

    private void Acknowledge((long Sequence, InboundQos2Entry? Entry) message) => _acks.Acknowledge(message.Sequence, message.Entry);

    private List<string> Sent() => [.. _sent.Select(packet => packet switch
    {
        PubAckPacket a => $"PubAck {a.PacketId}",
        PubRecPacket { ReasonCode: MqttReasonCode.Success } r => $"PubRec {r.PacketId}",
        PubRecPacket r => $"PubRec {r.PacketId} {r.ReasonCode}",
        PubCompPacket c => $"PubComp {c.PacketId} {c.ReasonCode}",
        _ => packet.ToString(),
    })];
}
