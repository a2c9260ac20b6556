using Edge.Mqtt.Packets;
using Edge.Mqtt.Tests.Infrastructure;

namespace Edge.Mqtt.Tests;

/// <summary>Keep-alive in real time: pings keep a healthy connection up, a silent peer is found within 1.5 periods.</summary>
public sealed class MqttClientKeepAliveTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(1);

    // Scheduling slack on a loaded two-core machine.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(700);

    [Fact]
    public async Task KeepAlive_SilentServer_DetectedDeadWithinOneAndAHalfPeriods()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectClientAsync(options => options.KeepAlive = KeepAlive);
        await using var _ = client;
        var connected = TimeProvider.System.GetTimestamp();

        // The server answers nothing after CONNACK (a half-open TCP connection looks the same).
        var ping = await connection.ReadPacketAsync(KeepAlive * 2);
        var pingAfter = TimeProvider.System.GetElapsedTime(connected);
        var loss = await client.LossAsync(KeepAlive * 3);
        var deadAfter = TimeProvider.System.GetElapsedTime(connected);

        Assert.IsType<PingReqPacket>(ping);
        Assert.InRange(pingAfter, KeepAlive * 0.9, KeepAlive + Slack);
        Assert.Contains("keep-alive timeout", loss.Message, StringComparison.Ordinal);
        Assert.InRange(deadAfter, KeepAlive * 1.4, (KeepAlive * 1.5) + Slack);
        Assert.Equal("closed", await connection.Closed.WaitAsync(TestClients.Timeout));
    }

    [Fact]
    public async Task KeepAlive_IdleConnectionToMosquitto_StaysUpWithPings()
    {
        // Mosquitto drops a client it hears nothing from for 1.5 periods: staying up proves the pings go out.
        await using var client = await TestClients.ConnectAsync(fixture.Broker, options => options.KeepAlive = KeepAlive);

        await Task.Delay(KeepAlive * 4);

        Assert.True(client.IsConnected);
        Assert.False(client.Disconnected.IsCompleted);
        await client.DisconnectAsync(CancellationToken.None);
    }

    [Fact]
    public async Task KeepAlive_ReadPausedByBackPressure_NoVerdictUntilResumed()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectClientAsync(options =>
        {
            options.KeepAlive = KeepAlive;
            options.MaxPendingMessages = 5;
        });
        await using var _ = client;

        // Fill the client's queue, then stay silent: no PINGRESP ever comes.
        for (ushort id = 1; id <= 20; id++)
        {
            await connection.SendAsync(new PublishPacket("t", "x"u8.ToArray(), MqttQualityOfService.AtMostOnce, false, false, 0));
        }

        await Task.Delay(KeepAlive * 3);
        Assert.True(client.IsConnected, "a paused read loop is not a dead peer");
        Assert.Equal(5, client.Messages.Count);

        // Reading resumes the loop; the silent server is then found dead within 1.5 periods.
        var resumed = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < 20; i++)
        {
            await client.ReadAsync();
        }

        var loss = await client.LossAsync(KeepAlive * 3);
        Assert.Contains("keep-alive timeout", loss.Message, StringComparison.Ordinal);
        Assert.InRange(TimeProvider.System.GetElapsedTime(resumed), TimeSpan.Zero, (KeepAlive * 1.5) + Slack);
    }

    [Fact]
    public async Task KeepAlive_Zero_SendsNoPings()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectClientAsync(options => options.KeepAlive = TimeSpan.Zero);
        await using var _ = client;

        Assert.Equal(0, connection.Connect!.KeepAliveSeconds);
        Assert.Null(await connection.TryReadPacketAsync(KeepAlive * 1.5));
        Assert.True(client.IsConnected);
    }
}
