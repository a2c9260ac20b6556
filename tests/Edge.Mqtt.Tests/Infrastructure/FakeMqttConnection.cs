using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>The server side of one client connection of <see cref="FakeMqttServer"/>.</summary>
internal sealed class FakeMqttConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Channel<MqttPacket> _received = Channel.CreateUnbounded<MqttPacket>();
    private readonly Task _reading;
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _version = (int)MqttProtocolVersion.V311;

    public FakeMqttConnection(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reading = Task.Run(ReadAsync);
    }

    public ConnectPacket? Connect { get; private set; }

    /// <summary>The protocol the client's CONNECT asked for; packets both ways are coded in it.</summary>
    public MqttProtocolVersion Version => (MqttProtocolVersion)_version;

    /// <summary>Completes (with how) when the client closed the connection or it failed.</summary>
    public Task<string> Closed => _closed.Task;

    public async Task<ConnectPacket> ReadConnectAsync()
    {
        var packet = await ReadPacketAsync();
        Connect = Assert.IsType<ConnectPacket>(packet);
        return Connect;
    }

    public async Task<MqttPacket> ReadPacketAsync(TimeSpan? timeout = null)
    {
        return await TryReadPacketAsync(timeout ?? TimeSpan.FromSeconds(10))
            ?? throw new TimeoutException($"no packet from the client within {timeout ?? TimeSpan.FromSeconds(10)} (closed: {Closed.IsCompleted})");
    }

    /// <summary>The next packet from the client, or null when none arrives within <paramref name="within"/> (or it closed).</summary>
    public async Task<MqttPacket?> TryReadPacketAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public async Task<T> ReadPacketAsync<T>(TimeSpan? timeout = null)
        where T : MqttPacket => Assert.IsType<T>(await ReadPacketAsync(timeout));

    public async Task SendAsync(params MqttPacket[] packets)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var packet in packets)
        {
            MqttPacketEncoder.Write(packet, buffer, Version);
        }

        await SendRawAsync(buffer.WrittenMemory);
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Closes the server side (FIN).</summary>
    public void Close() => _socket.Shutdown(SocketShutdown.Both);

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _reading;
        await _stream.DisposeAsync();
    }

    private async Task ReadAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (MqttPacketDecoder.TryDecode(ref buffer, int.MaxValue, Version, out var packet))
                {
                    if (packet is ConnectPacket connect)
                    {
                        _version = (int)connect.ProtocolVersion;
                    }

                    _received.Writer.TryWrite(packet);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    _closed.TrySetResult(buffer.IsEmpty ? "closed" : "closed mid-packet");
                    break;
                }
            }
        }
        catch (Exception exception)
        {
            _closed.TrySetResult($"failed: {exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            _received.Writer.TryComplete();
            await reader.CompleteAsync();
        }
    }
}
