using System.Net;
using System.Net.Sockets;
using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>
/// A scripted MQTT server on a free loopback port: the test accepts the client's connection and then reads what the
/// client sends and writes whatever it likes (valid packets, raw malformed bytes, silence), to check the client's
/// behaviour where Mosquitto would never misbehave.
/// </summary>
internal sealed class FakeMqttServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<FakeMqttConnection> _connections = [];

    public FakeMqttServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    public MqttClientOptions Options(string clientId = "fake-client") => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        ClientId = clientId,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Accepts the next TCP connection (no MQTT exchange yet).</summary>
    public async Task<FakeMqttConnection> AcceptAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var socket = await _listener.AcceptSocketAsync(cts.Token);
        var connection = new FakeMqttConnection(socket);
        _connections.Add(connection);
        return connection;
    }

    /// <summary>Accepts a connection, reads its CONNECT and answers with the given CONNACK.</summary>
    public async Task<FakeMqttConnection> AcceptConnectAsync(bool sessionPresent = false, MqttConnectReturnCode code = MqttConnectReturnCode.Accepted) =>
        await AcceptConnectAsync(new ConnAckPacket(sessionPresent, code));

    /// <summary>Accepts a connection, reads its CONNECT and answers with <paramref name="connAck"/>.</summary>
    public async Task<FakeMqttConnection> AcceptConnectAsync(ConnAckPacket connAck, TimeSpan? timeout = null)
    {
        var connection = await AcceptAsync(timeout);
        await connection.ReadConnectAsync();
        await connection.SendAsync(connAck);
        return connection;
    }

    /// <summary>Starts a client against this server and completes the handshake on both sides.</summary>
    public async Task<(MqttClient Client, FakeMqttConnection Connection)> ConnectClientAsync(Action<MqttClientOptions>? configure = null, ConnAckPacket? connAck = null)
    {
        var options = Options();
        configure?.Invoke(options);
        var client = new MqttClient(options);
        var accepting = AcceptConnectAsync(connAck ?? new ConnAckPacket(false, MqttConnectReturnCode.Accepted));
        await client.ConnectAsync(CancellationToken.None);
        return (client, await accepting);
    }

    /// <summary>An MQTT 5 client against this server, the handshake done with a CONNACK carrying <paramref name="connAckProperties"/>.</summary>
    public Task<(MqttClient Client, FakeMqttConnection Connection)> ConnectMqtt5ClientAsync(Action<MqttClientOptions>? configure = null, MqttProperties? connAckProperties = null, bool sessionPresent = false) =>
        ConnectClientAsync(
            options =>
            {
                options.ProtocolVersion = MqttProtocolVersion.V500;
                configure?.Invoke(options);
            },
            new ConnAckPacket(sessionPresent, MqttReasonCode.Success) { Properties = connAckProperties });

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
