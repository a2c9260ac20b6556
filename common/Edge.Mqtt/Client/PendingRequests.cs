using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Client;

/// <summary>
/// The connection's SUBSCRIBE and UNSUBSCRIBE requests waiting for their answer, by packet identifier. Identifiers
/// come from the session's <see cref="PacketIdentifiers"/> (shared with stored publishes, so never one in use); after
/// <see cref="FailAll"/> nothing can be registered.
/// </summary>
internal sealed class PendingRequests(PacketIdentifiers identifiers)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, PendingRequest> _pending = [];
    private bool _closed;

    public PendingRequests()
        : this(new PacketIdentifiers())
    {
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Allocates a free packet identifier for <paramref name="request"/>.</summary>
    /// <exception cref="MqttConnectionLostException">The connection has ended.</exception>
    public ushort Register(PendingRequest request, Func<MqttConnectionLostException> whenClosed)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw whenClosed();
            }

            if (!identifiers.TryAllocate(out var id))
            {
                throw new MqttException("all 65535 packet identifiers are in flight");
            }

            _pending.Add(id, request);
            return id;
        }
    }

    /// <summary>
    /// Removes and returns the request an answer of type <paramref name="responseType"/> completes, or null when no
    /// request uses <paramref name="packetId"/>.
    /// </summary>
    /// <exception cref="MqttProtocolViolationException">The identifier belongs to a request expecting another answer.</exception>
    public PendingRequest? Take(ushort packetId, MqttPacketType responseType)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(packetId, out var request))
            {
                return null;
            }

            if (request.ExpectedResponse != responseType)
            {
                throw MqttProtocolViolationException.ProtocolError(
                    $"{responseType} for packet identifier {packetId}, which waits for a {request.ExpectedResponse}");
            }

            _pending.Remove(packetId);
            identifiers.Release(packetId);
            return request;
        }
    }

    /// <summary>Throws when <paramref name="packetId"/> waits for an answer other than <paramref name="responseType"/>.</summary>
    public void ThrowIfWaitingForOther(ushort packetId, MqttPacketType responseType)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(packetId, out var request) && request.ExpectedResponse != responseType)
            {
                throw MqttProtocolViolationException.ProtocolError(
                    $"{responseType} for packet identifier {packetId}, which waits for a {request.ExpectedResponse}");
            }
        }
    }

    /// <summary>Fails every waiting request and refuses new ones (the connection ended).</summary>
    public void FailAll(Func<Exception> failure)
    {
        PendingRequest[] failed;
        lock (_gate)
        {
            _closed = true;
            failed = [.. _pending.Values];
            foreach (var id in _pending.Keys)
            {
                identifiers.Release(id);
            }

            _pending.Clear();
        }

        foreach (var request in failed)
        {
            request.TrySetException(failure());

            // A caller that gave up waiting (cancelled) never observes this; don't report it as unobserved.
            _ = request.Task.Exception;
        }
    }
}
