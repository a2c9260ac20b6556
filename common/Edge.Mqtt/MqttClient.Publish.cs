using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt;

/// <summary>
/// Outbound PUBLISH: QoS 0 takes a writer-queue slot; QoS 1 also takes an inflight slot and a packet identifier, and
/// completes when its PUBACK arrives.
/// </summary>
public sealed partial class MqttClient
{
    private async Task PublishAtMostOnceAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        await ReserveAsync(_outgoing.ReservePublishSlotAsync(cancellationToken, _connectionCts.Token), cancellationToken);
        var packet = new PublishPacket(message.Topic, message.Payload, MqttQualityOfService.AtMostOnce, message.Retain, Duplicate: false, PacketId: 0);
        if (!_outgoing.TryEnqueuePublish(packet))
        {
            throw ConnectionEnded();
        }
    }

    private async Task PublishAtLeastOnceAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        if (!_inflightSlots.Wait(0, cancellationToken))
        {
            await ReserveAsync(OutgoingPackets.WaitForSlotAsync(_inflightSlots, cancellationToken, _connectionCts.Token), cancellationToken);
        }

        var request = new PendingRequest(MqttPacketType.PubAck);
        ushort packetId;
        try
        {
            await ReserveAsync(_outgoing.ReservePublishSlotAsync(cancellationToken, _connectionCts.Token), cancellationToken);
        }
        catch
        {
            _inflightSlots.Release();
            throw;
        }

        try
        {
            packetId = _pending.Register(request, ConnectionEnded);
        }
        catch
        {
            _outgoing.ReleasePublishSlot();
            _inflightSlots.Release();
            throw;
        }

        var packet = new PublishPacket(message.Topic, message.Payload, MqttQualityOfService.AtLeastOnce, message.Retain, Duplicate: false, packetId);
        if (!_outgoing.TryEnqueuePublish(packet))
        {
            throw ConnectionEnded();
        }

        await request.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Awaits a slot; a wait ended by the connection's end becomes <see cref="MqttConnectionLostException"/>.</summary>
    private async ValueTask ReserveAsync(ValueTask wait, CancellationToken cancellationToken)
    {
        try
        {
            await wait;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw ConnectionEnded();
        }
    }
}
