namespace Edge.Mqtt.Tests.Client;

public sealed class MqttClientOptionsValidatorTests
{
    public static TheoryData<string> InvalidOptions() =>
    [
        "empty host", "port 0", "port 65536", "persistent session without client id", "password without user",
        "negative keep-alive", "keep-alive beyond 65535 s", "zero connect timeout", "zero pending messages",
        "zero inflight", "inflight beyond 65535", "tiny packet limit", "will with wildcard topic", "will with QoS 3",
        "client id with U+0000", "protocol level 3", "negative session expiry", "session expiry beyond 2^32 s",
        "negative will delay", "receive maximum 0", "receive maximum beyond 65535", "topic alias maximum beyond 65535",
        "user property with U+0000", "will declared UTF-8 but not", "will response topic with wildcard", "will correlation data too long",
    ];

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Constructor_InvalidOptions_ThrowsArgumentException(string mistake)
    {
        var options = new MqttClientOptions { ClientId = "c" };
        switch (mistake)
        {
            case "empty host": options.Host = " "; break;
            case "port 0": options.Port = 0; break;
            case "port 65536": options.Port = 65_536; break;
            case "persistent session without client id": options.ClientId = string.Empty; options.CleanSession = false; break;
            case "password without user": options.Password = "secret"; break;
            case "negative keep-alive": options.KeepAlive = TimeSpan.FromSeconds(-1); break;
            case "keep-alive beyond 65535 s": options.KeepAlive = TimeSpan.FromSeconds(65_536); break;
            case "zero connect timeout": options.ConnectTimeout = TimeSpan.Zero; break;
            case "zero pending messages": options.MaxPendingMessages = 0; break;
            case "zero inflight": options.MaxInflightPublishes = 0; break;
            case "inflight beyond 65535": options.MaxInflightPublishes = 65_536; break;
            case "tiny packet limit": options.MaxIncomingPacketBytes = 4; break;
            case "will with wildcard topic": options.Will = new MqttApplicationMessage("status/#", ReadOnlyMemory<byte>.Empty); break;
            case "will with QoS 3": options.Will = new MqttApplicationMessage("status", ReadOnlyMemory<byte>.Empty, (MqttQualityOfService)3); break;
            case "client id with U+0000": options.ClientId = "a\0b"; break;
            case "protocol level 3": options.ProtocolVersion = (MqttProtocolVersion)3; break;
            case "negative session expiry": options.SessionExpiryInterval = TimeSpan.FromSeconds(-1); break;
            case "session expiry beyond 2^32 s": options.SessionExpiryInterval = TimeSpan.FromSeconds(uint.MaxValue + 1.0); break;
            case "negative will delay": options.WillDelayInterval = TimeSpan.FromSeconds(-1); break;
            case "receive maximum 0": options.ReceiveMaximum = 0; break;
            case "receive maximum beyond 65535": options.ReceiveMaximum = 65_536; break;
            case "topic alias maximum beyond 65535": options.TopicAliasMaximum = 65_536; break;
            case "user property with U+0000": options.UserProperties = [new MqttUserProperty("a", "b\0")]; break;
            case "will declared UTF-8 but not": options.Will = new MqttApplicationMessage("s", new byte[] { 0xFF }) { PayloadFormatIndicator = MqttPayloadFormatIndicator.Utf8 }; break;
            case "will response topic with wildcard": options.Will = new MqttApplicationMessage("s", ReadOnlyMemory<byte>.Empty) { ResponseTopic = "r/+" }; break;
            case "will correlation data too long": options.Will = new MqttApplicationMessage("s", ReadOnlyMemory<byte>.Empty) { CorrelationData = new byte[65_536] }; break;
        }

        var error = Assert.Throws<ArgumentException>(() => new MqttClient(options));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Constructor_Mqtt5PasswordWithoutUser_IsValid() =>
        _ = new MqttClient(new MqttClientOptions { ProtocolVersion = MqttProtocolVersion.V500, Password = "token" });

    [Fact]
    public void Constructor_InvalidReconnectOptions_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new ReconnectingMqttClient(new MqttClientOptions(), new MqttReconnectOptions { MinDelay = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentException>(() => new ReconnectingMqttClient(new MqttClientOptions(), new MqttReconnectOptions { MinDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) }));
        Assert.Throws<ArgumentException>(() => new ReconnectingMqttClient(new MqttClientOptions(), new MqttReconnectOptions { Jitter = 1.5 }));
        Assert.Throws<ArgumentException>(() => new ReconnectingMqttClient(new MqttClientOptions { Port = 0 }));
    }

    [Fact]
    public void Constructor_Defaults_AreValid()
    {
        _ = new MqttClient(new MqttClientOptions());
        _ = new MqttClient(new MqttClientOptions { ClientId = "dev", CleanSession = false, Username = "u", Password = "p", KeepAlive = TimeSpan.Zero, ConnectTimeout = Timeout.InfiniteTimeSpan });
    }
}
