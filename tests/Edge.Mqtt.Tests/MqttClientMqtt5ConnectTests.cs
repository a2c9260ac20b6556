using System.Text;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Tests.Infrastructure;

namespace Edge.Mqtt.Tests;

/// <summary>MQTT 5 CONNECT and CONNACK against a scripted server: what the client announces, what it takes from the broker.</summary>
public sealed class MqttClientMqtt5ConnectTests
{
    [Fact]
    public async Task ConnectAsync_Mqtt5_SendsLevel5AndPropertiesFromOptions()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectMqtt5ClientAsync(options =>
        {
            options.CleanSession = false;
            options.ReceiveMaximum = 100;
            options.MaxIncomingPacketBytes = 4096;
            options.TopicAliasMaximum = 5;
            options.RequestResponseInformation = true;
            options.UserProperties = [new MqttUserProperty("site", "ridge-3")];
            options.Will = new MqttApplicationMessage("w", "gone"u8.ToArray(), MqttQualityOfService.AtLeastOnce)
            {
                ContentType = "text/plain",
                PayloadFormatIndicator = MqttPayloadFormatIndicator.Utf8,
                MessageExpiryInterval = TimeSpan.FromMinutes(1),
                UserProperties = [new MqttUserProperty("k", "v")],
            };
            options.WillDelayInterval = TimeSpan.FromSeconds(30);
        });
        await using var _ = client;

        var connect = connection.Connect!;
        Assert.Equal(MqttProtocolVersion.V500, connect.ProtocolVersion);
        Assert.False(connect.CleanSession);
        var p = connect.Properties!;
        Assert.Equal(uint.MaxValue, p.SessionExpiryInterval); // CleanSession false and no expiry given: as MQTT 3.1.1, never expires
        Assert.Equal((ushort)100, p.ReceiveMaximum);
        Assert.Equal(4096u, p.MaximumPacketSize);
        Assert.Equal((ushort)5, p.TopicAliasMaximum);
        Assert.Equal((byte)1, p.RequestResponseInformation);
        Assert.Equal([new MqttUserProperty("site", "ridge-3")], p.UserProperties);
        var will = connect.Will!.Properties!;
        Assert.Equal(30u, will.WillDelayInterval);
        Assert.Equal("text/plain", will.ContentType);
        Assert.Equal((byte)1, will.PayloadFormatIndicator);
        Assert.Equal(60u, will.MessageExpiryInterval);
        Assert.Equal([new MqttUserProperty("k", "v")], will.UserProperties);
    }

    [Fact]
    public async Task ConnectAsync_Mqtt5Defaults_SendNoSessionExpiryAndNoReceiveMaximum()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectMqtt5ClientAsync();
        await using var _ = client;

        var p = connection.Connect!.Properties!;
        Assert.True(connection.Connect.CleanSession);
        Assert.Null(p.SessionExpiryInterval);
        Assert.Null(p.ReceiveMaximum);
        Assert.Equal((ushort)16, p.TopicAliasMaximum);
        Assert.Equal((uint)new MqttClientOptions().MaxIncomingPacketBytes, p.MaximumPacketSize);
    }

    [Fact]
    public async Task ConnectAsync_ExplicitSessionExpiry_IsSentInWholeSecondsRoundedUp()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectMqtt5ClientAsync(options => options.SessionExpiryInterval = TimeSpan.FromSeconds(90.2));
        await using var _ = client;

        Assert.Equal(91u, connection.Connect!.Properties!.SessionExpiryInterval);
    }

    [Fact]
    public async Task ConnectAsync_Mqtt5PasswordWithoutUserName_IsAllowed()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectMqtt5ClientAsync(options => options.Password = "token");
        await using var _ = client;

        Assert.Null(connection.Connect!.Username);
        Assert.Equal("token", Encoding.UTF8.GetString(connection.Connect.Password!.Value.Span));
    }

    [Fact]
    public async Task ConnectAsync_ConnAckProperties_AreInTheResult()
    {
        await using var server = new FakeMqttServer();
        var options = server.Options(string.Empty);
        options.ProtocolVersion = MqttProtocolVersion.V500;
        await using var client = new MqttClient(options);
        var connecting = client.ConnectAsync(CancellationToken.None);
        await using var connection = await server.AcceptConnectAsync(new ConnAckPacket(false, MqttReasonCode.Success)
        {
            Properties = new MqttProperties
            {
                AssignedClientIdentifier = "auto-1",
                SessionExpiryInterval = 120,
                ReceiveMaximum = 20,
                MaximumQos = 1,
                RetainAvailable = 0,
                MaximumPacketSize = 2048,
                TopicAliasMaximum = 10,
                ServerKeepAlive = 15,
                ReasonString = "welcome",
                ResponseInformation = "resp/",
                WildcardSubscriptionAvailable = 0,
                SubscriptionIdentifierAvailable = 0,
                SharedSubscriptionAvailable = 0,
                UserProperties = [new MqttUserProperty("a", "b")],
            },
        });

        var result = await connecting;

        Assert.Equal(MqttProtocolVersion.V500, result.ProtocolVersion);
        Assert.Equal(MqttReasonCode.Success, result.ReasonCode);
        Assert.Equal("auto-1", result.AssignedClientIdentifier);
        Assert.Equal(TimeSpan.FromSeconds(120), result.SessionExpiryInterval);
        Assert.Equal(20, result.ReceiveMaximum);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, result.MaximumQos);
        Assert.False(result.RetainAvailable);
        Assert.Equal(2048, result.MaximumPacketSize);
        Assert.Equal(10, result.TopicAliasMaximum);
        Assert.Equal(TimeSpan.FromSeconds(15), result.ServerKeepAlive);
        Assert.Equal("welcome", result.ReasonString);
        Assert.Equal("resp/", result.ResponseInformation);
        Assert.False(result.WildcardSubscriptionAvailable);
        Assert.False(result.SubscriptionIdentifiersAvailable);
        Assert.False(result.SharedSubscriptionAvailable);
        Assert.Equal([new MqttUserProperty("a", "b")], result.UserProperties);
    }

    [Fact]
    public async Task ConnectAsync_Mqtt311_ResultHasProtocolDefaults()
    {
        await using var server = new FakeMqttServer();
        var (client, _) = await server.ConnectClientAsync();
        await using var __ = client;

        var result = client.ConnectResult!;
        Assert.Equal(MqttProtocolVersion.V311, result.ProtocolVersion);
        Assert.Equal(65535, result.ReceiveMaximum);
        Assert.Null(result.MaximumPacketSize);
        Assert.True(result.RetainAvailable);
    }

    [Theory]
    [InlineData(MqttReasonCode.NotAuthorized, MqttConnectReturnCode.NotAuthorized)]
    [InlineData(MqttReasonCode.BadUserNameOrPassword, MqttConnectReturnCode.BadUsernameOrPassword)]
    [InlineData(MqttReasonCode.ClientIdentifierNotValid, MqttConnectReturnCode.IdentifierRejected)]
    [InlineData(MqttReasonCode.Banned, MqttConnectReturnCode.NotAuthorized)]
    [InlineData(MqttReasonCode.QuotaExceeded, MqttConnectReturnCode.ServerUnavailable)]
    public async Task ConnectAsync_Mqtt5Refused_ThrowsWithReasonCodeStringAndNearestReturnCode(MqttReasonCode reason, MqttConnectReturnCode returnCode)
    {
        await using var server = new FakeMqttServer();
        var options = server.Options();
        options.ProtocolVersion = MqttProtocolVersion.V500;
        await using var client = new MqttClient(options);

        var connecting = client.ConnectAsync(CancellationToken.None);
        await using var connection = await server.AcceptConnectAsync(new ConnAckPacket(false, reason)
        {
            Properties = new MqttProperties { ReasonString = "go away", ServerReference = "other:1883" },
        });
        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);

        Assert.Equal(reason, error.ReasonCode);
        Assert.Equal(returnCode, error.ReturnCode);
        Assert.Equal("go away", error.ReasonString);
        Assert.Equal("other:1883", error.ServerReference);
        Assert.Contains("go away", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_Mqtt311BrokerAnswersMqtt5Connect_IsUnsupportedProtocolVersion()
    {
        await using var server = new FakeMqttServer();
        var options = server.Options();
        options.ProtocolVersion = MqttProtocolVersion.V500;
        await using var client = new MqttClient(options);

        var connecting = client.ConnectAsync(CancellationToken.None);
        await using var connection = await server.AcceptAsync();
        await connection.ReadConnectAsync();
        await connection.SendRawAsync(Convert.FromHexString("20020001"));

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);
        Assert.Equal(MqttReasonCode.UnsupportedProtocolVersion, error.ReasonCode);
        Assert.Equal(MqttConnectReturnCode.UnacceptableProtocolVersion, error.ReturnCode);
    }

    [Theory]
    [InlineData("20 03 00 00 05", MqttReasonCode.MalformedPacket, "property length 5 exceeds")]
    [InlineData("20 06 00 00 03 21 00 00", MqttReasonCode.ProtocolError, "ReceiveMaximum is 0")]
    [InlineData("90 04 00 01 00 00", MqttReasonCode.ProtocolError, "expected CONNACK")]
    public async Task ConnectAsync_Mqtt5BadConnAck_IsAnsweredWithDisconnectNamingIt(string hex, MqttReasonCode reason, string message)
    {
        await using var server = new FakeMqttServer();
        var options = server.Options();
        options.ProtocolVersion = MqttProtocolVersion.V500;
        await using var client = new MqttClient(options);

        var connecting = client.ConnectAsync(CancellationToken.None);
        await using var connection = await server.AcceptAsync();
        await connection.ReadConnectAsync();
        await connection.SendRawAsync(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(reason, (await connection.ReadPacketAsync<DisconnectPacket>()).ReasonCode);
    }

    [Fact]
    public async Task ConnectAsync_SessionPresentForCleanStart_IsProtocolViolation()
    {
        await using var server = new FakeMqttServer();
        await using var client = new MqttClient(server.Options());

        var connecting = client.ConnectAsync(CancellationToken.None);
        await using var connection = await server.AcceptConnectAsync(sessionPresent: true);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);
        Assert.Contains("session present for a clean start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerKeepAlive_ReplacesTheClientsKeepAlive()
    {
        await using var server = new FakeMqttServer();
        var (client, connection) = await server.ConnectMqtt5ClientAsync(
            options => options.KeepAlive = TimeSpan.FromMinutes(5),
            new MqttProperties { ServerKeepAlive = 1 });
        await using var _ = client;

        // The client asked for 300 s; the broker imposed 1 s: a PINGREQ comes within about a second.
        Assert.Equal(300, connection.Connect!.KeepAliveSeconds);
        Assert.IsType<PingReqPacket>(await connection.ReadPacketAsync(TimeSpan.FromSeconds(3)));
        var loss = await client.LossAsync(TimeSpan.FromSeconds(5));
        Assert.Contains("keep-alive 00:00:01", loss.Message, StringComparison.Ordinal);
    }
}
