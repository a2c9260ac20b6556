using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Client;

/// <summary>
/// Inbound QoS 1 and 2 PUBLISHes waiting for the application's acknowledgement. The answers (PUBACK for QoS 1, PUBREC
/// for QoS 2) go out in the order the PUBLISHes arrived (section 4.6), whatever order the application acknowledges in:
/// an acknowledgement releases the answers of the leading acknowledged messages only. Also remembers QoS 2 packet
/// identifiers between PUBLISH and PUBREL so a resent QoS 2 message is delivered once (section 4.3.3, method B).
/// </summary>
internal sealed class InboundAcknowledgements(Func<MqttPacket, bool> send)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, bool> _qos2PubRecSent = [];
    private Entry[] _ring = new Entry[16];
    private int _head;
    private int _count;
    private long _headSequence;
    private bool _closed;

    /// <summary>Messages delivered and not yet answered.</summary>
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

    /// <summary>
    /// Registers an inbound QoS 1 or 2 PUBLISH; <paramref name="sequence"/> identifies it for <see cref="Acknowledge"/>.
    /// Returns false for a QoS 2 message already delivered (its identifier awaits PUBREL): it must not be delivered again.
    /// </summary>
    public bool TryRegister(ushort packetId, MqttQualityOfService qos, out long sequence)
    {
        sequence = -1;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            if (qos == MqttQualityOfService.ExactlyOnce)
            {
                if (_qos2PubRecSent.TryGetValue(packetId, out var pubRecSent))
                {
                    if (pubRecSent)
                    {
                        send(new PubRecPacket(packetId));
                    }

                    return false;
                }

                _qos2PubRecSent.Add(packetId, false);
            }

            if (_count == _ring.Length)
            {
                Grow();
            }

            _ring[(_head + _count) % _ring.Length] = new Entry(packetId, qos);
            sequence = _headSequence + _count;
            _count++;
            return true;
        }
    }

    /// <summary>Marks a message acknowledged and sends the answers that are now in order. A no-op once closed.</summary>
    public void Acknowledge(long sequence)
    {
        lock (_gate)
        {
            var offset = sequence - _headSequence;
            if (_closed || offset < 0 || offset >= _count)
            {
                return;
            }

            _ring[(_head + (int)offset) % _ring.Length].Acknowledged = true;
            while (_count > 0 && _ring[_head].Acknowledged)
            {
                var entry = _ring[_head];
                if (entry.Qos == MqttQualityOfService.AtLeastOnce)
                {
                    send(new PubAckPacket(entry.PacketId));
                }
                else
                {
                    _qos2PubRecSent[entry.PacketId] = true;
                    send(new PubRecPacket(entry.PacketId));
                }

                _ring[_head] = default;
                _head = (_head + 1) % _ring.Length;
                _count--;
                _headSequence++;
            }
        }
    }

    /// <summary>
    /// PUBREL: forgets the QoS 2 identifier and answers PUBCOMP, also for an unknown identifier (section 4.3.3).
    /// Returns false when the PUBREL came before this client sent PUBREC (a protocol violation).
    /// </summary>
    public bool Release(ushort packetId)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return true;
            }

            if (_qos2PubRecSent.TryGetValue(packetId, out var pubRecSent) && !pubRecSent)
            {
                return false;
            }

            _qos2PubRecSent.Remove(packetId);
            send(new PubCompPacket(packetId));
            return true;
        }
    }

    /// <summary>The connection ended: later acknowledgements are no-ops (the broker redelivers to a kept session).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
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
    }
}
