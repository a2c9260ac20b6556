using System.Net.Sockets;
using System.Text;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;

namespace Edge.Mqtt.Tests;

/// <summary>CONNECT/CONNACK against a scripted server: what goes on the wire and every way connecting fails.</summary>
public sealed class MqttClientConnectTests
{
    [Fact]
    public async Task ConnectAsync_Options_AreSentInConnect()
    {
        await using var server = new FakeMqttServer();
        var options = server.Options("device-7");
        options.KeepAlive = TimeSpan.FromSeconds(1.5);
        options.CleanSession = false;
        options.Username = "user";
        options.Password = "pässword";
        options.Will = new MqttApplicationMessage("devices/device-7/status", "offline"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true);
        await using var client = new MqttClient(options);

        var connecting = client.ConnectAsync(CancellationToken.None);
        var connection = await server.AcceptAsync();
        var connect = await connection.ReadConnectAsync();
        await connection.SendAsync(new ConnAckPacket(true, MqttConnectReturnCode.Accepted));
        var result = await connecting;

        Assert.True(result.SessionPresent);
        Assert.True(client.IsConnected);
        Assert.Equal("device-7", connect.ClientId);
        Assert.Equal(2, connect.KeepAliveSeconds); // rounded up: the client pings within its 1.5 s
        Assert.False(connect.CleanSession);
        Assert.Equal("user", connect.Username);
        Assert.Equal("pässword", Encoding.UTF8.GetString(connect.Password!.Value.Span));
        Assert.Equal("devices/device-7/status", connect.Will!.Topic);
        Assert.Equal("offline", Encoding.UTF8.GetString(connect.Will.Payload.Span));
        Assert.Equal(MqttQualityOfService.AtLeastOnce, connect.Will.Qos);
        Assert.True(connect.Will.Retain);
    }

    [Fact]
    public async Task ConnectAsync_NoCredentialsNoWill_SendsNoneOfTheirFlags()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectClientAsync();
        await using var _ = client;

        // Regression: a missing password once went out as an empty one (the password flag without a user name).
        Assert.Null(connection.Connect!.Username);
        Assert.Null(connection.Connect.Password);
        Assert.Null(connection.Connect.Will);
        Assert.True(connection.Connect.CleanSession);
        Assert.Equal(30, connection.Connect.KeepAliveSeconds);
    }

    [Theory]
    [InlineData(MqttConnectReturnCode.UnacceptableProtocolVersion)]
    [InlineData(MqttConnectReturnCode.IdentifierRejected)]
    [InlineData(MqttConnectReturnCode.ServerUnavailable)]
    [InlineData(MqttConnectReturnCode.BadUsernameOrPassword)]
    [InlineData(MqttConnectReturnCode.NotAuthorized)]
    public async Task ConnectAsync_Refused_ThrowsWithReturnCodeAndFaultsDisconnected(MqttConnectReturnCode code)
    {
        await using var server = new FakeMqttServer();
        await using var client = new MqttClient(server.Options());

        var connecting = client.ConnectAsync(CancellationToken.None);
        await using var connection = await server.AcceptConnectAsync(code: code);
        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);

        Assert.Equal(code, error.ReturnCode);
        Assert.False(client.IsConnected);
        Assert.Same(error, (await client.LossAsync()).InnerException);
        Assert.False(await client.Messages.WaitToReadAsync());
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_ThrowsMqttConnectException()
    {
        var options = new MqttClientOptions { Port = FreeTcpPort.Next(), ClientId = "c" };
        await using var client = new MqttClient(options);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(CancellationToken.None));

        Assert.IsType<SocketException>(error.InnerException);
        Assert.Contains("could not connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NoConnAck_TimesOutAfterConnectTimeout()
    {
        await using var server = new FakeMqttServer();
        var options = server.Options();
        options.ConnectTimeout = TimeSpan.FromMilliseconds(500);
        await using var client = new MqttClient(options);
        var started = TimeProvider.System.GetTimestamp();

        var connecting = client.ConnectAsync(CancellationToken.None);
        await using var connection = await server.AcceptAsync();
        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);

        Assert.Contains("no CONNACK", error.Message, StringComparison.Ordinal);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(3));
        Assert.Equal("closed", await connection.Closed.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ConnectAsync_CancelledByCaller_ThrowsOperationCanceled()
    {
        await using var server = new FakeMqttServer();
        await using var client = new MqttClient(server.Options());
        using var cts = new CancellationTokenSource();

        var connecting = client.ConnectAsync(cts.Token);
        await using var connection = await server.AcceptAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting);
        await Assert.ThrowsAsync<MqttConnectionLostException>(() => client.Disconnected);
    }

    [Theory]
    [InlineData("90 03 00 01 00", "expected CONNACK")]     // a SUBACK first
    [InlineData("20 02 00 09", "reserved return code")]
    [InlineData("20 FF FF FF FF 7F", "malformed remaining length")]
    public async Task ConnectAsync_BadFirstPacket_ThrowsProtocolViolation(string hex, string reason)
    {
        await using var server = new FakeMqttServer();
        await using var client = new MqttClient(server.Options());

        var connecting = client.ConnectAsync(CancellationToken.None);
        await using var connection = await server.AcceptAsync();
        await connection.ReadConnectAsync();
        await connection.SendRawAsync(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);
        Assert.Contains("protocol violation", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_ServerClosesBeforeConnAck_ThrowsMqttConnectException()
    {
        await using var server = new FakeMqttServer();
        await using var client = new MqttClient(server.Options());

        var connecting = client.ConnectAsync(CancellationToken.None);
        await using var connection = await server.AcceptAsync();
        await connection.ReadConnectAsync();
        connection.Close();

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);
        Assert.Contains("closed the connection before CONNACK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_CalledTwice_ThrowsInvalidOperation()
    {
        await using var server = new FakeMqttServer();
        var (client, _) = await server.ConnectClientAsync();
        await using var __ = client;

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ConnectAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var client = new MqttClient(new MqttClientOptions { ClientId = "c" });
        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ConnectAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ConnectAsync_Socket_HasNoDelay()
    {
        // Nagle would hold a small PUBLISH back for up to 40 ms waiting for the previous segment's ACK.
        await using var server = new FakeMqttServer();
        var (client, _) = await server.ConnectClientAsync();
        await using var __ = client;

        Assert.True(client.Socket!.NoDelay);
    }
}
