using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Client;

/// <summary>
/// Packet identifiers in use and the requests waiting on them. Identifiers run 1..65535 and wrap; one still in flight
/// is never handed out again (section 2.3.1). After <see cref="FailAll"/> nothing can be registered.
/// </summary>
internal sealed class PendingRequests
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, PendingRequest> _pending = [];
    private ushort _lastId;
    private bool _closed;

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

            if (_pending.Count >= ushort.MaxValue)
            {
                throw new MqttException("all 65535 packet identifiers are in flight");
            }

            do
            {
                _lastId = _lastId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastId + 1);
            }
            while (_pending.ContainsKey(_lastId));

            _pending.Add(_lastId, request);
            return _lastId;
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
                throw new MqttProtocolViolationException(
                    $"{responseType} for packet identifier {packetId}, which waits for a {request.ExpectedResponse}");
            }

            _pending.Remove(packetId);
            return request;
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
