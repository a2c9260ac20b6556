using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Client;

/// <summary>
/// The session's outbound QoS 1 and 2 publishes (section 4.3 and 4.4), kept in the order they were admitted until their
/// final answer: PUBACK, or PUBREC then (after this client's PUBREL) PUBCOMP. At most <c>capacity</c> are stored
/// (further publishers wait), and at most the connection's window (MQTT 5: the broker's Receive Maximum) are written
/// and unanswered at a time; the rest wait in order, unsent. When a connection ends the flows stay (a session that
/// spans connections) or fail (<see cref="Close"/>). When the next connection resumes the session, each is resent in
/// order: a PUBLISH with DUP set, or the PUBREL; when it starts a new session, PUBLISHes go again as new messages and
/// flows the broker had already taken over (PUBREC received) complete.
/// </summary>
internal sealed partial class OutgoingFlows(int capacity, PacketIdentifiers identifiers)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Admission> _waiting = [];
    private readonly Dictionary<ushort, OutgoingFlow> _byId = [];
    private readonly LinkedList<OutgoingFlow> _all = [];
    private readonly LinkedList<OutgoingFlow> _unsent = [];
    private Func<MqttPacket, bool>? _send;
    private SendLimits _limits;
    private int _inWindow;
    private Func<Exception>? _closed;

    /// <summary>Flows stored (admitted and not yet completed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>Flows written on the current connection and not yet answered.</summary>
    public int InWindow
    {
        get
        {
            lock (_gate)
            {
                return _inWindow;
            }
        }
    }

    /// <summary>
    /// A connection is established: resend what is stored (see the class summary) and send from now on through
    /// <paramref name="send"/> (false when the connection is ending). Returns how many flows were resent or queued,
    /// and how many completed because the broker no longer had the session.
    /// </summary>
    public (int Resent, int Completed) Attach(Func<MqttPacket, bool> send, SendLimits limits, bool sessionPresent)
    {
        lock (_gate)
        {
            _send = send;
            _limits = limits;
            _inWindow = 0;
            _unsent.Clear();
            var resent = 0;
            var completed = 0;
            var node = _all.First;
            while (node is not null)
            {
                var flow = node.Value;
                node = node.Next;
                flow.InWindow = false;
                flow.UnsentNode = null;
                if (!sessionPresent)
                {
                    if (flow.State == OutgoingFlowState.AwaitingPubComp)
                    {
                        // The broker took the message over (PUBREC) and then lost the session: nothing is left to release.
                        CompleteLocked(flow, MqttPublishResult.Succeeded);
                        completed++;
                        continue;
                    }

                    flow.Sent = false;
                }

                flow.UnsentNode = _unsent.AddLast(flow);
                resent++;
            }

            Pump();
            return (resent, completed);
        }
    }

    /// <summary>The connection ended: nothing more is sent until the next <see cref="Attach"/>; the flows stay.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _send = null;
            _inWindow = 0;
            foreach (var flow in _all)
            {
                flow.InWindow = false;
            }
        }
    }

    /// <summary>Fails every stored flow with <paramref name="failure"/>'s exception and refuses new ones.</summary>
    public void Close(Func<Exception> failure)
    {
        OutgoingFlow[] failed;
        Admission[] waiting;
        lock (_gate)
        {
            if (_closed is not null)
            {
                return;
            }

            _closed = failure;
            _send = null;
            failed = [.. _all];
            foreach (var flow in failed)
            {
                identifiers.Release(flow.PacketId);
            }

            waiting = [.. _waiting];
            foreach (var admission in waiting)
            {
                admission.Unregister();
                admission.Node = null;
            }

            _all.Clear();
            _unsent.Clear();
            _byId.Clear();
            _waiting.Clear();
            _inWindow = 0;
        }

        foreach (var flow in failed)
        {
            flow.TrySetException(failure());
            _ = flow.Task.Exception;
        }

        foreach (var admission in waiting)
        {
            admission.TrySetException(failure());
            _ = admission.Task.Exception;
        }
    }

    /// <summary>PUBACK: completes a QoS 1 flow. False when no flow has the identifier.</summary>
    public bool OnPubAck(PubAckPacket ack)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(ack.PacketId, out var flow))
            {
                return false;
            }

            if (flow.Packet.Qos != MqttQualityOfService.AtLeastOnce)
            {
                throw MqttProtocolViolationException.ProtocolError($"PUBACK for packet identifier {ack.PacketId}, a QoS 2 publish");
            }

            CompleteLocked(flow, Result(ack));
            Pump();
            return true;
        }
    }

    /// <summary>PUBREC: a refusal completes the QoS 2 flow, otherwise PUBREL goes out. False when no flow has the identifier.</summary>
    public bool OnPubRec(PubRecPacket rec)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(rec.PacketId, out var flow))
            {
                return false;
            }

            if (flow.Packet.Qos != MqttQualityOfService.ExactlyOnce)
            {
                throw MqttProtocolViolationException.ProtocolError($"PUBREC for packet identifier {rec.PacketId}, a QoS 1 publish");
            }

            if (rec.ReasonCode >= MqttReasonCode.UnspecifiedError)
            {
                CompleteLocked(flow, Result(rec));
                Pump();
                return true;
            }

            flow.State = OutgoingFlowState.AwaitingPubComp;
            if (flow.InWindow)
            {
                // Also for a repeated PUBREC: answer it again (section 4.3.3).
                _send?.Invoke(new PubRelPacket(flow.PacketId));
            }

            return true;
        }
    }

    /// <summary>PUBCOMP: completes a QoS 2 flow. False when no flow has the identifier.</summary>
    public bool OnPubComp(PubCompPacket comp)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(comp.PacketId, out var flow))
            {
                return false;
            }

            if (flow.State != OutgoingFlowState.AwaitingPubComp)
            {
                throw MqttProtocolViolationException.ProtocolError($"PUBCOMP for packet identifier {comp.PacketId} before its PUBREC");
            }

            CompleteLocked(flow, Result(comp));
            Pump();
            return true;
        }
    }

    private static MqttPublishResult Result(PublishResponsePacket packet) =>
        packet.ReasonCode == MqttReasonCode.Success && packet.Properties is null
            ? MqttPublishResult.Succeeded
            : new MqttPublishResult(packet.ReasonCode)
            {
                ReasonString = packet.Properties?.ReasonString,
                UserProperties = packet.Properties?.UserPropertiesOrEmpty ?? [],
            };

    /// <summary>Writes unsent flows, oldest first, while the window has room.</summary>
    private void Pump()
    {
        if (_send is null)
        {
            return;
        }

        while (_unsent.First is { } node && _inWindow < _limits.Window)
        {
            var flow = node.Value;
            MqttPacket packet;
            if (flow.State == OutgoingFlowState.AwaitingPubComp)
            {
                packet = new PubRelPacket(flow.PacketId);
            }
            else if (Refusal(flow.Packet, _limits) is { } refusal)
            {
                CompleteLocked(flow, refusal);
                continue;
            }
            else
            {
                packet = flow.Sent ? flow.Packet with { Duplicate = true } : flow.Packet;
            }

            if (!_send(packet))
            {
                return;
            }

            _unsent.Remove(node);
            flow.UnsentNode = null;
            flow.InWindow = true;
            _inWindow++;
            if (flow.Sent)
            {
                MqttMetrics.PublishesResent.Add(1);
            }

            flow.Sent = true;
        }
    }

    /// <summary>Why a connection with <paramref name="limits"/> cannot carry this publish (MQTT 5 CONNACK limits), or null.</summary>
    public static MqttPublishResult? Refusal(PublishPacket packet, SendLimits limits)
    {
        if (packet.Qos > limits.MaximumQos)
        {
            return new MqttPublishResult(MqttReasonCode.QosNotSupported) { ReasonString = $"the broker accepts at most QoS {(int)limits.MaximumQos}" };
        }

        if (packet.Retain && !limits.RetainAvailable)
        {
            return new MqttPublishResult(MqttReasonCode.RetainNotSupported) { ReasonString = "the broker does not accept retained messages" };
        }

        if (limits.MaximumPacketSize < RemainingLength.Max + 5L)
        {
            var size = MqttPacketEncoder.GetSize(packet, limits.Version);
            if (size < 0 || size > limits.MaximumPacketSize)
            {
                return new MqttPublishResult(MqttReasonCode.PacketTooLarge) { ReasonString = $"a packet of {size} bytes exceeds the broker's maximum of {limits.MaximumPacketSize}" };
            }
        }

        return null;
    }

    private void CompleteLocked(OutgoingFlow flow, MqttPublishResult result)
    {
        if (flow.Node is { } node)
        {
            _all.Remove(node);
            flow.Node = null;
        }

        if (flow.UnsentNode is { } unsent)
        {
            _unsent.Remove(unsent);
            flow.UnsentNode = null;
        }

        if (flow.InWindow)
        {
            flow.InWindow = false;
            _inWindow--;
        }

        _byId.Remove(flow.PacketId);
        identifiers.Release(flow.PacketId);
        flow.TrySetResult(result);

        // A place is free: the longest-waiting publisher takes it (admission order is call order).
        while (_all.Count < capacity && _waiting.First is { } next)
        {
            var admission = next.Value;
            _waiting.Remove(next);
            admission.Node = null;
            admission.Unregister();
            try
            {
                admission.TrySetResult(AdmitLocked(admission.Packet));
            }
            catch (MqttException exception)
            {
                admission.TrySetException(exception);
            }
        }
    }
}
