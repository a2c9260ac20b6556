using System.Text;
using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Tests.Client;

public sealed class OutgoingFlowsTests
{
    private static readonly SendLimits NoLimits = new(100, long.MaxValue, MqttQualityOfService.ExactlyOnce, RetainAvailable: true, MqttProtocolVersion.V500);
    private readonly List<MqttPacket> _sent = [];
    private readonly PacketIdentifiers _identifiers = new();

    [Fact]
    public async Task AdmitAsync_MoreThanCapacity_LaterPublishersWaitAndAreAdmittedInCallOrder()
    {
        var flows = Attached(capacity: 2);
        var admitted = Enumerable.Range(1, 6).Select(i => flows.AdmitAsync(Packet($"m{i}"), Closed, CancellationToken.None, CancellationToken.None)).ToList();
        Assert.Equal(2, admitted.Count(a => a.IsCompleted));

        // Regression: waiting publishers once resumed on thread-pool continuations in reverse order.
        for (var i = 0; i < 4; i++)
        {
            var oldest = (PublishPacket)_sent[i];
            flows.OnPubAck(new PubAckPacket(oldest.PacketId));
        }

        await Task.WhenAll(admitted);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5", "m6"], Sent<PublishPacket>().Select(Text));
    }

    [Fact]
    public async Task AdmitAsync_Window_LimitsWhatIsWrittenNotWhatIsStored()
    {
        var flows = Attached(capacity: 10, window: 2);
        var admitted = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => flows.AdmitAsync(Packet($"m{i}"), Closed, CancellationToken.None, CancellationToken.None)));

        Assert.Equal(4, flows.Count);
        Assert.Equal(["m1", "m2"], Sent<PublishPacket>().Select(Text));

        flows.OnPubAck(new PubAckPacket(admitted[1].PacketId));
        Assert.Equal(["m1", "m2", "m3"], Sent<PublishPacket>().Select(Text));
        Assert.True((await admitted[1].Task).IsSuccess);
    }

    [Fact]
    public async Task Attach_SessionPresent_ResendsInOrderWithDupAndPubRel()
    {
        var flows = Attached(capacity: 10);
        var qos1 = await flows.AdmitAsync(Packet("one"), Closed, CancellationToken.None, CancellationToken.None);
        var qos2 = await flows.AdmitAsync(Packet("two", MqttQualityOfService.ExactlyOnce), Closed, CancellationToken.None, CancellationToken.None);
        var third = await flows.AdmitAsync(Packet("three"), Closed, CancellationToken.None, CancellationToken.None);
        flows.OnPubRec(new PubRecPacket(qos2.PacketId));
        flows.Detach();
        var unsentWhileDetached = await flows.AdmitAsync(Packet("four"), Closed, CancellationToken.None, CancellationToken.None);
        _sent.Clear();

        flows.Attach(Send, NoLimits, sessionPresent: true);

        Assert.Equal(
            [$"PUBLISH one dup=True id={qos1.PacketId}", $"PUBREL {qos2.PacketId}", $"PUBLISH three dup=True id={third.PacketId}", $"PUBLISH four dup=False id={unsentWhileDetached.PacketId}"],
            _sent.Select(Describe));
    }

    [Fact]
    public async Task Attach_NewSession_ResendsPublishesAsNewAndCompletesTakenOverQos2()
    {
        var flows = Attached(capacity: 10);
        var qos1 = await flows.AdmitAsync(Packet("one"), Closed, CancellationToken.None, CancellationToken.None);
        var qos2 = await flows.AdmitAsync(Packet("two", MqttQualityOfService.ExactlyOnce), Closed, CancellationToken.None, CancellationToken.None);
        flows.OnPubRec(new PubRecPacket(qos2.PacketId));
        flows.Detach();
        _sent.Clear();

        var (resent, completed) = flows.Attach(Send, NoLimits, sessionPresent: false);

        Assert.Equal((1, 1), (resent, completed));
        Assert.Equal([$"PUBLISH one dup=False id={qos1.PacketId}"], _sent.Select(Describe));
        Assert.True((await qos2.Task).IsSuccess);
        Assert.Equal(1, flows.Count);
    }

    [Fact]
    public async Task Attach_SmallerWindowOnTheNewConnection_ResendsOnlyWhatFits()
    {
        var flows = Attached(capacity: 10);
        var admitted = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => flows.AdmitAsync(Packet($"m{i}"), Closed, CancellationToken.None, CancellationToken.None)));
        flows.Detach();
        _sent.Clear();

        flows.Attach(Send, NoLimits with { Window = 1 }, sessionPresent: true);
        Assert.Equal(["m1"], Sent<PublishPacket>().Select(Text));

        flows.OnPubAck(new PubAckPacket(admitted[0].PacketId));
        Assert.Equal(["m1", "m2"], Sent<PublishPacket>().Select(Text));
    }

    [Fact]
    public async Task AdmitAsync_LargerThanTheBrokerAccepts_CompletesWithPacketTooLargeUnsent()
    {
        var flows = Attached(capacity: 10, limits: NoLimits with { MaximumPacketSize = 20 });

        var flow = await flows.AdmitAsync(Packet(new string('x', 50)), Closed, CancellationToken.None, CancellationToken.None);

        Assert.Equal(MqttReasonCode.PacketTooLarge, (await flow.Task).ReasonCode);
        Assert.Empty(_sent);
        Assert.Equal(0, flows.Count);
        Assert.Equal(0, _identifiers.Count);
    }

    [Fact]
    public async Task AdmitAsync_WaitingAndCancelled_GivesUpItsTurn()
    {
        var flows = Attached(capacity: 1);
        var first = await flows.AdmitAsync(Packet("m1"), Closed, CancellationToken.None, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = flows.AdmitAsync(Packet("m2"), Closed, CancellationToken.None, cancel.Token);
        var third = flows.AdmitAsync(Packet("m3"), Closed, CancellationToken.None, CancellationToken.None);

        await cancel.CancelAsync();
        flows.OnPubAck(new PubAckPacket(first.PacketId));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await third;
        Assert.Equal(["m1", "m3"], Sent<PublishPacket>().Select(Text));
    }

    [Fact]
    public async Task AdmitAsync_WaitingWhenTheConnectionEnds_FailsWithTheConnectionsError()
    {
        var flows = Attached(capacity: 1);
        await flows.AdmitAsync(Packet("m1"), Closed, CancellationToken.None, CancellationToken.None);
        using var connection = new CancellationTokenSource();
        var waiting = flows.AdmitAsync(Packet("m2"), Closed, connection.Token, CancellationToken.None);

        await connection.CancelAsync();

        await Assert.ThrowsAsync<MqttConnectionLostException>(() => waiting);
    }

    [Fact]
    public async Task Close_FailsStoredAndWaitingFlowsAndRefusesNewOnes()
    {
        var flows = Attached(capacity: 1);
        var stored = await flows.AdmitAsync(Packet("m1"), Closed, CancellationToken.None, CancellationToken.None);
        var waiting = flows.AdmitAsync(Packet("m2"), Closed, CancellationToken.None, CancellationToken.None);

        flows.Close(Closed);

        await Assert.ThrowsAsync<MqttConnectionLostException>(() => stored.Task);
        await Assert.ThrowsAsync<MqttConnectionLostException>(() => waiting);
        await Assert.ThrowsAsync<MqttConnectionLostException>(() => flows.AdmitAsync(Packet("m3"), Closed, CancellationToken.None, CancellationToken.None));
        Assert.Equal(0, _identifiers.Count);
    }

    [Fact]
    public async Task Answers_OfTheWrongKind_AreProtocolErrorsAndUnknownOnesAreReported()
    {
        var flows = Attached(capacity: 10);
        var qos1 = await flows.AdmitAsync(Packet("one"), Closed, CancellationToken.None, CancellationToken.None);
        var qos2 = await flows.AdmitAsync(Packet("two", MqttQualityOfService.ExactlyOnce), Closed, CancellationToken.None, CancellationToken.None);

        Assert.False(flows.OnPubAck(new PubAckPacket(999)));
        Assert.Throws<MqttProtocolViolationException>(() => flows.OnPubRec(new PubRecPacket(qos1.PacketId)));
        Assert.Throws<MqttProtocolViolationException>(() => flows.OnPubAck(new PubAckPacket(qos2.PacketId)));
        Assert.Throws<MqttProtocolViolationException>(() => flows.OnPubComp(new PubCompPacket(qos2.PacketId)));
    }

    private static Exception Closed() => new MqttConnectionLostException("closed");

    private static PublishPacket Packet(string payload, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce) =>
        new("t", Encoding.UTF8.GetBytes(payload), qos, false, false, 0);

    private static string Text(PublishPacket packet) => Encoding.UTF8.GetString(packet.Payload.Span);

    private static string Describe(MqttPacket packet) => packet switch
    {
        PublishPacket p => $"PUBLISH {Text(p)} dup={p.Duplicate} id={p.PacketId}",
        PubRelPacket r => $"PUBREL {r.PacketId}",
        _ => packet.ToString(),
    };

    private OutgoingFlows Attached(int capacity, int window = 100, SendLimits? limits = null)
    {
        var flows = new OutgoingFlows(capacity, _identifiers);
        flows.Attach(Send, limits ?? NoLimits with { Window = window }, sessionPresent: false);
        return flows;
    }

    private bool Send(MqttPacket packet)
    {
        _sent.Add(packet);
        return true;
    }

    private IEnumerable<T> Sent<T>() => _sent.OfType<T>();
}
