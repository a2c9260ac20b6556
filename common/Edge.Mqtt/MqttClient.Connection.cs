using System.IO.Pipelines;
using System.Net.Sockets;
using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Transport;

namespace Edge.Mqtt;

/// <summary>The connection's lifetime: connect, the writer and keep-alive loops, and the one way it ends.</summary>
public sealed partial class MqttClient
{
    private const int StateCreated = 0;
    private const int StateConnecting = 1;
    private const int StateConnected = 2;
    private const int StateDisconnecting = 3;
    private const int StateEnded = 4;

    /// <summary>How long DisconnectAsync waits for the broker to close its side after DISCONNECT.</summary>
    private static readonly TimeSpan DisconnectGrace = TimeSpan.FromSeconds(2);

    // Zero-byte reads: an idle connection holds no read buffer while it waits (about 8 KiB per idle connection instead
    // of 40 KiB, measured at 10,000 connections).
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 32 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true, useZeroByteReads: true);

    private static readonly StreamPipeWriterOptions WriterOptions = new(minimumBufferSize: 16 * 1024, leaveOpen: true);

    private readonly Lock _stateGate = new();
    private readonly CancellationTokenSource _connectionCts = new();
    private readonly CancellationTokenSource _deliveryCts = new();
    private int _state;
    private int _tornDown;
    private MqttConnectionLostException? _loss;
    private Socket? _socket;
    private PipeReader? _input;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private Task _keepAliveLoop = Task.CompletedTask;

    /// <summary>The connection's socket (for tests of its options).</summary>
    internal Socket? Socket => Volatile.Read(ref _socket);

    private async Task<MqttConnectResult> ConnectCoreAsync(CancellationToken cancellationToken)
    {
        Log.Connecting(_logger, _options.Host, _options.Port, _options.ClientId);
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _connectionCts.Token);
        try
        {
            var (input, output) = await OpenConnectionAsync(linked.Token);
            _input = input;
            _writeLoop = Task.Run(() => WriteLoopAsync(output), CancellationToken.None);
            _outgoing.TryEnqueue(BuildConnectPacket());

            var connAck = await ReadConnAckAsync(_input, linked.Token);
            var result = AcceptConnAck(connAck);

            lock (_stateGate)
            {
                if (_state != StateConnecting)
                {
                    throw new MqttConnectException("the connection ended while connecting: " + (_loss?.Message ?? "the client was disposed"));
                }

                _state = StateConnected;
            }

            AttachSession(result);
            _keepAlive.MarkReceived();
            _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
            if (_keepAlive.Enabled)
            {
                _keepAliveLoop = Task.Run(KeepAliveLoopAsync, CancellationToken.None);
            }

            Log.Connected(_logger, _options.Host, _options.Port, _options.ClientId, result.SessionPresent);
            return result;
        }
        catch (Exception exception)
        {
            var failure = exception switch
            {
                MqttConnectException refused => refused,
                OperationCanceledException when cancellationToken.IsCancellationRequested => null,
                OperationCanceledException when timeout.IsCancellationRequested =>
                    new MqttConnectException($"no CONNACK from {_options.Host}:{_options.Port} within {_options.ConnectTimeout}", exception),
                MqttProtocolViolationException violation =>
                    new MqttConnectException($"protocol violation while connecting to {_options.Host}:{_options.Port}: {violation.Message}", violation),
                _ when _connectionCts.IsCancellationRequested =>
                    new MqttConnectException("the connection ended while connecting: " + (_loss?.Message ?? "the client was disposed"), exception),
                _ => new MqttConnectException($"could not connect to {_options.Host}:{_options.Port}: {exception.Message}", exception),
            };
            Log.ConnectFailed(_logger, _options.Host, _options.Port, _options.ClientId, failure?.Message ?? "cancelled", exception);
            if (exception is MqttProtocolViolationException { ReasonCode: var reason } && _version == MqttProtocolVersion.V500)
            {
                await SendDisconnectBeforeClosingAsync(reason);
            }

            FailConnecting(new MqttConnectionLostException("the connection could not be established: " + (failure?.Message ?? "cancelled"), failure ?? exception));
            // The read loop never started: the reader is this method's to complete.
            if (_input is { } input)
            {
                await input.CompleteAsync();
            }

            if (failure is null)
            {
                throw;
            }

            throw failure;
        }
    }

    /// <summary>
    /// Opens the transport: TCP connect (<c>NoDelay</c>) to the broker, and the pipes over its stream. The one place
    /// where a connection's bytes begin; everything after speaks MQTT over the two pipes.
    /// </summary>
    private async Task<(PipeReader Input, PipeWriter Output)> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Volatile.Write(ref _socket, socket);
        var stream = await MqttTransport.ConnectAsync(socket, _options, _logger, _connectionCts.Token, cancellationToken);
        return (PipeReader.Create(stream, ReaderOptions), PipeWriter.Create(stream, WriterOptions));
    }

    private async Task<ConnAckPacket> ReadConnAckAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (MqttPacketDecoder.TryDecode(ref buffer, _options.MaxIncomingPacketBytes, _version, out var packet))
            {
                // What follows CONNACK (a kept session's queued messages) is left for the read loop.
                input.AdvanceTo(buffer.Start);
                return packet as ConnAckPacket ?? throw MqttProtocolViolationException.ProtocolError($"expected CONNACK, received {packet.Type}");
            }

            if (result.IsCompleted)
            {
                throw new MqttConnectException($"{_options.Host}:{_options.Port} closed the connection before CONNACK");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async Task WriteLoopAsync(PipeWriter output)
    {
        MqttConnectionLostException? loss = null;
        try
        {
            await _outgoing.RunAsync(output, _keepAlive.MarkSent, _connectionCts.Token);
        }
        catch (OperationCanceledException) when (_connectionCts.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            loss = new MqttConnectionLostException($"writing to the broker failed: {exception.Message}", exception);
        }
        catch (Exception exception)
        {
            loss = new MqttConnectionLostException($"unexpected error in the write loop: {exception.Message}", exception);
        }
        finally
        {
            // An exception tells the writer to drop, not flush, anything unflushed: the connection is over.
            await output.CompleteAsync(new OperationCanceledException("the connection ended"));
        }

        if (loss is not null)
        {
            OnConnectionLost(loss);
        }
    }

    private async Task KeepAliveLoopAsync()
    {
        var cancellationToken = _connectionCts.Token;
        try
        {
            while (true)
            {
                switch (_keepAlive.Evaluate(_timeProvider.GetTimestamp(), out var wait))
                {
                    case KeepAliveAction.SendPing:
                        Log.PingSent(_logger, _options.ClientId);
                        _outgoing.TryEnqueue(PingReqPacket.Instance);
                        break;
                    case KeepAliveAction.PeerDead:
                        OnConnectionLost(new MqttConnectionLostException(
                            $"keep-alive timeout: nothing received from the broker within {KeepAlivePeriod / 2} after PINGREQ (keep-alive {KeepAlivePeriod})"));
                        return;
                    default:
                        await Task.Delay(wait, _timeProvider, cancellationToken);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
