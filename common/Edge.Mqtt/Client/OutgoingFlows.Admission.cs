using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Client;

/// <summary>Admission to the store: a place, a packet identifier, and waiting in call order when the store is full.</summary>
internal sealed partial class OutgoingFlows
{
    /// <summary>
    /// Stores a publish (waiting, in call order, for room when <c>capacity</c> flows are stored), gives it a packet
    /// identifier and sends it when the connection and its window allow. <paramref name="ended"/> ends the wait with
    /// <paramref name="whenClosed"/>'s exception, as does a closed store.
    /// </summary>
    public Task<OutgoingFlow> AdmitAsync(PublishPacket packet, Func<Exception> whenClosed, CancellationToken ended, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Admission admission;
        lock (_gate)
        {
            if (_closed is not null)
            {
                throw whenClosed();
            }

            if (_all.Count < capacity && _waiting.Count == 0)
            {
                return Task.FromResult(AdmitLocked(packet));
            }

            admission = new Admission(packet);
            admission.Node = _waiting.AddLast(admission);
        }

        // Registered outside the lock: an already cancelled token runs its callback at once, and that takes the lock.
        var cancelled = cancellationToken.UnsafeRegister(state => Withdraw((Admission)state!, null), admission);
        var closed = ended.UnsafeRegister(state => Withdraw((Admission)state!, whenClosed), admission);
        lock (_gate)
        {
            admission.Cancelled = cancelled;
            admission.Ended = closed;
            if (admission.Node is null)
            {
                admission.Unregister();
            }
        }

        return admission.Task;
    }

    /// <summary>Stores a publish now: a packet identifier, its place in order, and a send if the window has room.</summary>
    private OutgoingFlow AdmitLocked(PublishPacket packet)
    {
        if (!identifiers.TryAllocate(out var packetId))
        {
            throw new MqttException("all 65535 packet identifiers are in flight");
        }

        var flow = new OutgoingFlow(packet with { PacketId = packetId, Duplicate = false });
        flow.Node = _all.AddLast(flow);
        flow.UnsentNode = _unsent.AddLast(flow);
        _byId.Add(packetId, flow);
        Pump();
        return flow;
    }

    /// <summary>A waiting publisher gave up (cancelled) or its connection ended (standalone client).</summary>
    private void Withdraw(Admission admission, Func<Exception>? failure)
    {
        lock (_gate)
        {
            if (admission.Node is null)
            {
                return;
            }

            _waiting.Remove(admission.Node);
            admission.Node = null;
        }

        if (failure is null)
        {
            admission.TrySetCanceled();
        }
        else
        {
            admission.TrySetException(failure());
        }

        _ = admission.Task.Exception;
    }

    /// <summary>A publisher waiting for room in the store.</summary>
    private sealed class Admission(PublishPacket packet) : TaskCompletionSource<OutgoingFlow>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public PublishPacket Packet { get; } = packet;

        public LinkedListNode<Admission>? Node { get; set; }

        public CancellationTokenRegistration Cancelled { get; set; }

        public CancellationTokenRegistration Ended { get; set; }

        /// <summary>Drops the registrations without waiting for a running callback (which would take the lock held here).</summary>
        public void Unregister()
        {
            Cancelled.Unregister();
            Ended.Unregister();
        }
    }
}
