namespace Edge.Mqtt.Tests.Client;

public sealed class MqttClientOptionsValidatorTests
{
    public static TheoryData<string> InvalidOptions() =>
    [
        "empty host", "port 0", "port 65536", "persistent session without client id", "password without user",
        "negative keep-alive", "keep-alive beyond 65535 s", "zero connect timeout", "zero pending messages",
        "zero inflight", "inflight beyond 65535", "tiny packet limit", "will with wildcard topic", "will with QoS 3",
        "client id with U+0000",
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
        }

        var error = Assert.Throws<ArgumentException>(() => new MqttClient(options));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Constructor_Defaults_AreValid()
    {
        _ = new MqttClient(new MqttClientOptions());
        _ = new MqttClient(new MqttClientOptions { ClientId = "dev", CleanSession = false, Username = "u", Password = "p", KeepAlive = TimeSpan.Zero, ConnectTimeout = Timeout.InfiniteTimeSpan });
    }
}
