using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Client;

/// <summary>What became of an inbound QoS 1 or 2 PUBLISH.</summary>
internal enum InboundRegistration
{
    /// <summary>New: deliver it to the application, which acknowledges it.</summary>
    Deliver,

    /// <summary>A QoS 2 message this session delivered already (its PUBREL has not come): not again; it is answered in turn.</summary>
    Suppress,

    /// <summary>No connection to answer on (it ended): drop it; the broker sends it again to a kept session.</summary>
    Refused,
}

/// <summary>The session's memory of an inbound QoS 2 message, from its first PUBLISH until PUBREL (section 4.3.3, method B).</summary>
internal sealed class InboundQos2Entry(ushort packetId)
{
    public ushort PacketId { get; } = packetId;

    /// <summary>The application acknowledged it (made it durable): PUBREC may go out.</summary>
    public bool Acknowledged { get; set; }

    /// <summary>PUBREC went out (on this or an earlier connection): PUBREL is now expected.</summary>
    public bool PubRecSent { get; set; }

    /// <summary>Its place in the current connection's answer order.</summary>
    public long Sequence { get; set; } = -1;
}

/// <summary>
/// Inbound QoS 1 and 2 PUBLISHes waiting for the application's acknowledgement. The answers (PUBACK for QoS 1, PUBREC
/// for QoS 2) go out in the order the PUBLISHes arrived on the connection (section 4.6), whatever order the application
/// acknowledges in: an acknowledgement releases the answers of the leading acknowledged messages only.
/// <para>
/// QoS 2 identifiers are remembered from the first PUBLISH until PUBREL, for the session (across connections when the
/// session spans them): a PUBLISH received again with a remembered identifier is not delivered again; it is answered
/// (PUBREC) in its turn once the application has acknowledged the first delivery, even if that was on an earlier
/// connection. MQTT 5: more unanswered messages than this client's Receive Maximum is a violation (0x93).
/// </para>
/// </summary>
internal sealed class InboundAcknowledgements
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, InboundQos2Entry> _qos2 = [];
    private Func<MqttPacket, bool>? _send;
    private Entry[] _ring = new Entry[16];
    private int _head;
    private int _count;
    private int _qos1Pending;
    private long _headSequence;
    private int _receiveMaximum;
    private bool _closed;

    /// <summary>Detached: nothing is registered until <see cref="Attach"/>.</summary>
    public InboundAcknowledgements()
    {
    }

    /// <summary>Attached at once to a connection sending through <paramref name="send"/> (no receive maximum).</summary>
    public InboundAcknowledgements(Func<MqttPacket, bool> send) => Attach(send, sessionPresent: true, receiveMaximum: 0);

    /// <summary>Messages delivered (or suppressed) on the current connection and not yet answered.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>QoS 2 identifiers remembered until their PUBREL.</summary>
    public int AwaitingRelease
    {
        get
        {
            lock (_gate)
            {
                return _qos2.Count;
            }
        }
    }

    /// <summary>
    /// A connection is established; answers go through <paramref name="send"/>. Without a kept session the broker
    /// starts afresh, so the remembered QoS 2 identifiers are forgotten. <paramref name="receiveMaximum"/> 0 means unchecked.
    /// </summary>
    public void Attach(Func<MqttPacket, bool> send, bool sessionPresent, int receiveMaximum)
    {
        lock (_gate)
        {
            ResetRing();
            if (!sessionPresent)
            {
                _qos2.Clear();
            }

            _send = send;
            _receiveMaximum = receiveMaximum;
        }
    }

    /// <summary>The connection ended: its unanswered messages are dropped (the broker sends them again); QoS 2 memory stays.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _send = null;
            ResetRing();
        }
    }

    /// <summary>No more connections: later acknowledgements are no-ops.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _send = null;
            ResetRing();
        }
    }

    /// <summary>
    /// Registers an inbound QoS 1 or 2 PUBLISH in arrival order; <paramref name="sequence"/> and <paramref name="entry"/>
    /// identify it for <see cref="Acknowledge"/>.
    /// </summary>
    /// <exception cref="MqttProtocolViolationException">More unanswered messages than the Receive Maximum (MQTT 5).</exception>
    public InboundRegistration Register(ushort packetId, MqttQualityOfService qos, out long sequence, out InboundQos2Entry? entry)
    {
        sequence = -1;
        entry = null;
        lock (_gate)
        {
            if (_closed || _send is null)
            {
                return InboundRegistration.Refused;
            }

            if (qos == MqttQualityOfService.ExactlyOnce && _qos2.TryGetValue(packetId, out var known))
            {
                if (known.Sequence - _headSequence is var offset && offset >= 0 && offset < _count)
                {
                    // Sent again on the same connection while its answer is still due: it keeps its first place.
                    return InboundRegistration.Suppress;
                }

                known.Sequence = Add(packetId, qos);
                if (known.Acknowledged)
                {
                    MarkAndRelease(known.Sequence, MqttReasonCode.Success);
                }

                return InboundRegistration.Suppress;
            }

            if (_receiveMaximum > 0 && _qos1Pending + _qos2.Count >= _receiveMaximum)
            {
                throw new MqttProtocolViolationException(
                    $"the broker sent more than {_receiveMaximum} QoS 1 and 2 messages without their acknowledgement (Receive Maximum)",
                    MqttReasonCode.ReceiveMaximumExceeded);
            }

            sequence = Add(packetId, qos);
            if (qos == MqttQualityOfService.ExactlyOnce)
            {
                entry = new InboundQos2Entry(packetId) { Sequence = sequence };
                _qos2.Add(packetId, entry);
            }
            else
            {
                _qos1Pending++;
            }

            return InboundRegistration.Deliver;
        }
    }

    /// <summary>
    /// The application acknowledged a message (or the client refuses it with <paramref name="reasonCode"/>): sends the
    /// answers that are now in order. For QoS 2 (<paramref name="entry"/>) this also answers a later resend of it. A
    /// no-op for a message of an ended connection (QoS 1) or session.
    /// </summary>
    public void Acknowledge(long sequence, InboundQos2Entry? entry, MqttReasonCode reasonCode = MqttReasonCode.Success)
    {
        lock (_gate)
        {
            if (entry is not null)
            {
                if (!_qos2.TryGetValue(entry.PacketId, out var current) || current != entry)
                {
                    return;
                }

                entry.Acknowledged = true;
                sequence = entry.Sequence;
            }

            MarkAndRelease(sequence, reasonCode);
        }
    }

    /// <summary>A QoS 2 message registered but never handed to the application: its resend must be delivered, not suppressed.</summary>
    public void Forget(InboundQos2Entry entry)
    {
        lock (_gate)
        {
            if (!entry.Acknowledged && _qos2.TryGetValue(entry.PacketId, out var current) && current == entry)
            {
                _qos2.Remove(entry.PacketId);
            }
        }
    }

    /// <summary>
    /// PUBREL: forgets the QoS 2 identifier and answers PUBCOMP, also for an unknown identifier (section 4.3.3; MQTT 5
    /// with reason 0x92). Returns false when the PUBREL came before this client sent PUBREC (a protocol violation).
    /// </summary>
    public bool Release(ushort packetId)
    {
        lock (_gate)
        {
            if (_closed || _send is null)
            {
                return true;
            }

            var known = _qos2.TryGetValue(packetId, out var entry);
            if (known && !entry!.PubRecSent)
            {
                return false;
            }

            _qos2.Remove(packetId);
            _send(new PubCompPacket(packetId) { ReasonCode = known ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound });
            return true;
        }
    }

    private long Add(ushort packetId, MqttQualityOfService qos)
    {
        if (_count == _ring.Length)
        {
            Grow();
        }

        _ring[(_head + _count) % _ring.Length] = new Entry(packetId, qos);
        return _headSequence + _count++;
    }

    private void MarkAndRelease(long sequence, MqttReasonCode reasonCode)
    {
        var offset = sequence - _headSequence;
        if (_send is null || offset < 0 || offset >= _count)
        {
            return;
        }

        ref var marked = ref _ring[(_head + (int)offset) % _ring.Length];
        marked.Acknowledged = true;
        marked.ReasonCode = reasonCode;
        while (_count > 0 && _ring[_head].Acknowledged)
        {
            var head = _ring[_head];
            if (head.Qos == MqttQualityOfService.AtLeastOnce)
            {
                _qos1Pending--;
                _send(new PubAckPacket(head.PacketId) { ReasonCode = head.ReasonCode });
            }
            else
            {
                if (_qos2.TryGetValue(head.PacketId, out var entry))
                {
                    if (head.ReasonCode >= MqttReasonCode.UnspecifiedError)
                    {
                        // A refused QoS 2 message ends with the PUBREC (section 4.3.3): no PUBREL follows.
                        _qos2.Remove(head.PacketId);
                    }
                    else
                    {
                        entry.PubRecSent = true;
                    }
                }

                _send(new PubRecPacket(head.PacketId) { ReasonCode = head.ReasonCode });
            }

            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            _count--;
            _headSequence++;
        }
    }

    private void ResetRing()
    {
        Array.Clear(_ring);
        _headSequence += _count;
        _head = 0;
        _count = 0;
        _qos1Pending = 0;
    }

    private void Grow()
    {
        var larger = new Entry[_ring.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = larger;
        _head = 0;
    }

    private struct Entry(ushort packetId, MqttQualityOfService qos)
    {
        public readonly ushort PacketId = packetId;
        public readonly MqttQualityOfService Qos = qos;
        public bool Acknowledged;
        public MqttReasonCode ReasonCode;
    }
}
