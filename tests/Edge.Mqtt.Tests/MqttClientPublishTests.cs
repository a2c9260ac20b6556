using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

public sealed class MqttClientPublishTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private readonly MosquittoBroker broker = fixture.Broker;

    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttQualityOfService.AtLeastOnce)]
    public async Task PublishAsync_Qos_IsReceivedByMosquittoSub(MqttQualityOfService qos)
    {
        var topic = TestClients.NewTopic("publish");
        await using var subscriber = await MosquittoClients.SubscribeAsync(broker, topic, (int)qos, count: 2);
        await using var client = await TestClients.ConnectAsync(broker, logger: new TestOutputLogger<MqttClient>(output));

        await client.PublishAsync(topic, "hello", qos);
        await client.PublishAsync(topic, "world", qos);

        Assert.Equal(["hello", "world"], await MosquittoClients.WaitForPayloadsAsync(subscriber));
        await client.DisconnectAsync(CancellationToken.None);
        await client.Disconnected;
        Assert.False(client.IsConnected);
    }
}
