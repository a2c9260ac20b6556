using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;

namespace Edge.Mqtt.Tests;

/// <summary>The will: published by the broker when the connection dies, not after a DISCONNECT.</summary>
public sealed class MqttClientWillTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private readonly MosquittoBroker _broker = fixture.Broker;

    [Fact]
    public async Task DisposeAsync_ConnectionDropsWithoutDisconnect_BrokerPublishesWill()
    {
        var willTopic = TestClients.NewTopic("will");
        await using var watcher = await MosquittoClients.SubscribeAsync(_broker, willTopic, qos: 1, count: 1);
        var client = await ConnectWithWillAsync(willTopic);

        await client.DisposeAsync();

        Assert.Equal(["gone"], await MosquittoClients.WaitForPayloadsAsync(watcher));
    }

    [Fact]
    public async Task DisconnectAsync_Graceful_WillIsNotPublished()
    {
        var willTopic = TestClients.NewTopic("will");
        await using var watcher = await MosquittoClients.SubscribeAsync(_broker, willTopic, qos: 1, count: 1);
        await using var client = await ConnectWithWillAsync(willTopic);

        await client.DisconnectAsync(CancellationToken.None);
        await MosquittoClients.PublishAsync(_broker, willTopic, "marker", qos: 1);

        // A will would have been published when the connection closed, before the marker.
        Assert.Equal(["marker"], await MosquittoClients.WaitForPayloadsAsync(watcher));
    }

    private async Task<MqttClient> ConnectWithWillAsync(string willTopic) =>
        await TestClients.ConnectAsync(_broker, options =>
            options.Will = new MqttApplicationMessage(willTopic, "gone"u8.ToArray(), MqttQualityOfService.AtLeastOnce));
}
