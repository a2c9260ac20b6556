using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt;

/// <summary>
/// Outbound PUBLISH: QoS 0 takes a writer-queue slot; QoS 1 and 2 are stored in the session (a place, a packet
/// identifier) and complete with their final answer (see <see cref="OutgoingFlows"/>).
/// </summary>
public sealed partial class MqttClient
{
    /// <summary>Every QoS 0 publish that was queued at once completes with this one task: nothing is allocated for it.</summary>
    private static readonly Task<MqttPublishResult> Queued = Task.FromResult(MqttPublishResult.Succeeded);

    private Task<MqttPublishResult> PublishAtMostOnceAsync(PublishPacket packet, CancellationToken cancellationToken)
    {
        if (OutgoingFlows.Refusal(packet, _sendLimits) is { } refusal)
        {
            return Task.FromResult(refusal);
        }

        var slot = _outgoing.ReservePublishSlotAsync(cancellationToken, _connectionCts.Token);
        if (!slot.IsCompletedSuccessfully)
        {
            return PublishAtMostOnceWhenReservedAsync(slot, packet, cancellationToken);
        }

        slot.GetAwaiter().GetResult();
        return _outgoing.TryEnqueuePublish(packet) ? Queued : Task.FromException<MqttPublishResult>(ConnectionEnded());
    }

    /// <summary>The writer's queue is full: wait for a slot, then queue.</summary>
    private async Task<MqttPublishResult> PublishAtMostOnceWhenReservedAsync(ValueTask slot, PublishPacket packet, CancellationToken cancellationToken)
    {
        await ReserveAsync(slot, cancellationToken);
        if (!_outgoing.TryEnqueuePublish(packet))
        {
            throw ConnectionEnded();
        }

        return MqttPublishResult.Succeeded;
    }

    private async Task<MqttPublishResult> PublishStoredAsync(PublishPacket packet, CancellationToken cancellationToken)
    {
        var flow = await _session.Outgoing.AdmitAsync(packet, ConnectionEnded, _connectionCts.Token, cancellationToken);
        return await flow.Task.WaitAsync(cancellationToken);
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
