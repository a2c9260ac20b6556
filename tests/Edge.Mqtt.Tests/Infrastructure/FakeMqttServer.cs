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
    public async Task<FakeMqttConnection> AcceptConnectAsync(bool sessionPresent = false, MqttConnectReturnCode code = MqttConnectReturnCode.Accepted)
    {
        var connection = await AcceptAsync();
        await connection.ReadConnectAsync();
        await connection.SendAsync(new ConnAckPacket(sessionPresent, code));
        return connection;
    }

    /// <summary>Starts a client against this server and completes the handshake on both sides.</summary>
    public async Task<(MqttClient Client, FakeMqttConnection Connection)> ConnectClientAsync(Action<MqttClientOptions>? configure = null)
    {
        var options = Options();
        configure?.Invoke(options);
        var client = new MqttClient(options);
        var accepting = AcceptConnectAsync();
        await client.ConnectAsync(CancellationToken.None);
        return (client, await accepting);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
