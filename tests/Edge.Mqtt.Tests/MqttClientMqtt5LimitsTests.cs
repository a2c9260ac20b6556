using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;

namespace Edge.Mqtt.Tests;

/// <summary>
/// MQTT 5 limits and refusals from a real broker (Mosquitto with <c>max_packet_size</c> and an access list): the
/// broker's maximum packet size is honoured before sending, this client's is honoured by the broker, and refusals come
/// back as reason codes in typed results.
/// </summary>
public sealed class MqttClientMqtt5LimitsTests(LimitedBrokerFixture fixture) : IClassFixture<LimitedBrokerFixture>
{
    private const MqttProtocolVersion V5 = MqttProtocolVersion.V500;
    private readonly MosquittoBroker _broker = fixture.Broker;

    [Fact]
    public async Task PublishAsync_LargerThanMosquittosMaximum_IsNotSentAndTheConnectionStays()
    {
        await using var client = await TestClients.ConnectAsync(_broker, V5);
        Assert.Equal(LimitedBrokerFixture.MaxPacketSize, client.ConnectResult!.MaximumPacketSize);
        var topic = TestClients.NewTopic("too-large");
        await client.SubscribeAsync(topic);

        var large = await client.PublishAsync(new MqttApplicationMessage(topic, new byte[2000], MqttQualityOfService.AtLeastOnce), CancellationToken.None);
        var small = await client.PublishAsync(new MqttApplicationMessage(topic, "fits"u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);

        Assert.Equal(MqttReasonCode.PacketTooLarge, large.ReasonCode);
        Assert.True(small.IsSuccess);
        Assert.Equal("fits", (await client.ReadAsync()).Text());
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task MaxIncomingPacketBytes_IsAnnounced_MosquittoSendsNothingLarger()
    {
        var topic = TestClients.NewTopic("our-maximum");
        await using var client = await TestClients.ConnectAsync(_broker, V5, options => options.MaxIncomingPacketBytes = 200);
        await client.SubscribeAsync(topic);
        await using var publisher = await TestClients.ConnectAsync(_broker, V5);

        await publisher.PublishAsync(new MqttApplicationMessage(topic, new byte[500], MqttQualityOfService.AtLeastOnce), CancellationToken.None);
        await publisher.PublishAsync(new MqttApplicationMessage(topic, "small"u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);

        // Mosquitto drops what exceeds the client's Maximum Packet Size instead of sending it.
        Assert.Equal("small", (await client.ReadAsync()).Text());
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task PublishAsync_NotAuthorized_ResultCarriesTheReasonCode()
    {
        await using var client = await TestClients.ConnectAsync(_broker, V5);

        var qos1 = await client.PublishAsync(new MqttApplicationMessage("readonly/x", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);
        var qos2 = await client.PublishAsync(new MqttApplicationMessage("readonly/x", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce), CancellationToken.None);

        Assert.Equal(MqttReasonCode.NotAuthorized, qos1.ReasonCode);
        Assert.Equal(MqttReasonCode.NotAuthorized, qos2.ReasonCode);
        Assert.False(qos1.IsSuccess);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task UnsubscribeAsync_NoSuchSubscription_ResultSaysSo()
    {
        await using var client = await TestClients.ConnectAsync(_broker, V5);
        await client.SubscribeAsync("test/existing");

        var results = await client.UnsubscribeAsync(["test/existing", "test/never"], CancellationToken.None);

        Assert.Equal([MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted], results.Select(r => r.ReasonCode));
    }
}
