using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

/// <summary>Persistent sessions (CleanSession = false): what the broker keeps for a client between its connections.</summary>
public sealed class MqttClientSessionTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private readonly MosquittoBroker _broker = fixture.Broker;

    [Fact]
    public async Task ConnectAsync_PersistentSession_ReceivesQos1PublishedWhileAway()
    {
        var clientId = TestClients.NewClientId("persistent");
        var topic = TestClients.NewTopic("session");
        await using (var first = await ConnectPersistentAsync(clientId))
        {
            await first.SubscribeAsync(topic);
            await first.DisconnectAsync(CancellationToken.None);
        }

        await MosquittoClients.PublishAsync(_broker, topic, "while-away-1", qos: 1);
        await MosquittoClients.PublishAsync(_broker, topic, "while-away-2", qos: 1);

        var (second, session) = await ConnectPersistentWithResultAsync(clientId);
        await using var _ = second;
        Assert.True(session.SessionPresent);
        var messages = await second.ReadAsync(2);
        Assert.Equal(["while-away-1", "while-away-2"], messages.Select(m => m.Text()));
        foreach (var message in messages)
        {
            await message.AcknowledgeAsync();
        }
    }

    [Fact]
    public async Task ConnectAsync_AfterDrop_UnacknowledgedIsRedeliveredAsDuplicateAndAcknowledgedIsNot()
    {
        var clientId = TestClients.NewClientId("redelivery");
        var topic = TestClients.NewTopic("redelivery");
        await using (var first = await ConnectPersistentAsync(clientId))
        {
            await first.SubscribeAsync(topic);
            await MosquittoClients.PublishAsync(_broker, topic, "acknowledged", qos: 1);
            await MosquittoClients.PublishAsync(_broker, topic, "not-acknowledged", qos: 1);
            var messages = await first.ReadAsync(2);
            Assert.Equal(["acknowledged", "not-acknowledged"], messages.Select(m => m.Text()));
            Assert.All(messages, m => Assert.False(m.Duplicate));

            await messages[0].AcknowledgeAsync();

            // A round trip behind the PUBACK: once the SUBACK is back, the broker has processed the PUBACK.
            await first.SubscribeAsync(TestClients.NewTopic("round-trip"));

            // Dropped without DISCONNECT, as a crash would.
        }

        var (second, session) = await ConnectPersistentWithResultAsync(clientId);
        await using var _ = second;
        Assert.True(session.SessionPresent);

        var redelivered = await second.ReadAsync();
        Assert.Equal("not-acknowledged", redelivered.Text());
        Assert.True(redelivered.Duplicate);
        await redelivered.AcknowledgeAsync();

        // The acknowledged message does not come back: the next one is a fresh marker.
        await MosquittoClients.PublishAsync(_broker, topic, "marker", qos: 1);
        var next = await second.ReadAsync();
        Assert.Equal("marker", next.Text());
        Assert.False(next.Duplicate);
    }

    [Fact]
    public async Task ConnectAsync_CleanSession_StartsWithoutSession()
    {
        var clientId = TestClients.NewClientId("clean");
        var topic = TestClients.NewTopic("clean");
        await using (var first = await ConnectPersistentAsync(clientId))
        {
            await first.SubscribeAsync(topic);
            await first.DisconnectAsync(CancellationToken.None);
        }

        await MosquittoClients.PublishAsync(_broker, topic, "dropped with the session", qos: 1);
        await using var clean = await TestClients.ConnectAsync(_broker, options => options.ClientId = clientId);

        Assert.False(clean.Messages.TryRead(out _));
        await Task.Delay(300);
        Assert.False(clean.Messages.TryRead(out var unexpected), $"unexpected {unexpected?.Text()}");
    }

    private async Task<MqttClient> ConnectPersistentAsync(string clientId) => (await ConnectPersistentWithResultAsync(clientId)).Client;

    private async Task<(MqttClient Client, MqttConnectResult Result)> ConnectPersistentWithResultAsync(string clientId)
    {
        var options = TestClients.Options(_broker, clientId);
        options.CleanSession = false;
        var client = new MqttClient(options, new TestOutputLogger<MqttClient>(output));
        var result = await client.ConnectAsync(CancellationToken.None);
        return (client, result);
    }
}
