using System.Net.Sockets;
using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt;

/// <summary>
/// How a connection ends: DisconnectAsync (graceful), a loss (broker, network, keep-alive, protocol violation), a
/// failed connect, or DisposeAsync. Whichever comes first wins; <see cref="Teardown"/> runs once.
/// </summary>
public sealed partial class MqttClient
{
    /// <summary>DisconnectAsync after the state moved to Disconnecting.</summary>
    private async Task CloseGracefullyAsync(MqttReasonCode reasonCode, CancellationToken cancellationToken)
    {
        Log.Disconnecting(_logger, _options.ClientId);
        _deliveryCts.Cancel();
        _outgoing.TryEnqueue(reasonCode == MqttReasonCode.Success ? DisconnectPacket.Instance : new DisconnectPacket { ReasonCode = reasonCode });
        _outgoing.Complete();
        try
        {
            await _writeLoop.WaitAsync(DisconnectGrace, _timeProvider, cancellationToken);
            try
            {
                Volatile.Read(ref _socket)?.Shutdown(SocketShutdown.Send);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
            }

            // Mosquitto closes its side on DISCONNECT; waiting for that avoids a reset that could overtake our DISCONNECT.
            await _readLoop.WaitAsync(DisconnectGrace, _timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            lock (_stateGate)
            {
                _state = StateEnded;
            }

            Teardown();
            Log.Disconnected(_logger, _options.ClientId);
        }
    }

    /// <summary>The broker, the network or a protocol error ended the connection (ignored when it already ended).</summary>
    private void OnConnectionLost(MqttConnectionLostException loss)
    {
        lock (_stateGate)
        {
            if (_state is not (StateConnecting or StateConnected))
            {
                return;
            }

            _loss = loss;
            _state = StateEnded;
        }

        Log.ConnectionLost(_logger, _options.ClientId, loss.Message, loss.InnerException);
        MqttMetrics.ConnectionLosses.Add(1);
        Teardown();
    }

    private void FailConnecting(MqttConnectionLostException loss)
    {
        lock (_stateGate)
        {
            _loss ??= loss;
            _state = StateEnded;
        }

        Teardown();
    }

    /// <summary>Ends everything once: loops, socket, pending operations, <see cref="Messages"/>, <see cref="Disconnected"/>.</summary>
    private void Teardown()
    {
        if (Interlocked.Exchange(ref _tornDown, 1) != 0)
        {
            return;
        }

        var loss = Volatile.Read(ref _loss);
        _connectionCts.Cancel();
        _deliveryCts.Cancel();
        _outgoing.Complete();
        _pending.FailAll(ConnectionEnded);
        EndSession();
        Volatile.Read(ref _socket)?.Dispose();
        if (loss is null)
        {
            _disconnected.TrySetResult();
        }
        else
        {
            _disconnected.TrySetException(loss);
            _ = _disconnected.Task.Exception;
        }
    }

    /// <summary>
    /// The connection's end, for the session: one this client owns ends with it (stored publishes fail, later
    /// acknowledgements are no-ops, <see cref="Messages"/> completes); one that spans connections only detaches.
    /// </summary>
    private void EndSession()
    {
        if (_session.SpansConnections)
        {
            _session.Outgoing.Detach();
            _session.Inbound.Detach();
            return;
        }

        _session.Outgoing.Close(ConnectionEnded);
        _session.Inbound.Close();
        _session.Messages.Complete();
    }

    /// <summary>For a call made when the client is not (or no longer) connected.</summary>
    private void ThrowIfNotConnected()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        switch (Volatile.Read(ref _state))
        {
            case StateConnected:
                return;
            case StateCreated or StateConnecting:
                throw new InvalidOperationException("not connected: await ConnectAsync first");
            default:
                if (Volatile.Read(ref _loss) is not null)
                {
                    throw ConnectionEnded();
                }

                throw new InvalidOperationException("the connection was closed by DisconnectAsync; create a new MqttClient to connect again");
        }
    }

    /// <summary>The exception for an operation the end of the connection interrupted.</summary>
    private MqttConnectionLostException ConnectionEnded() => Volatile.Read(ref _loss) is { } loss
        ? new MqttConnectionLostException(loss.Message, loss)
        : new MqttConnectionLostException("the connection was closed by the application before the operation completed");
}
