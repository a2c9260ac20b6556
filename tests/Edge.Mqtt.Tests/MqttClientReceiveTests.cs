using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

/// <summary><c>mosquitto_pub</c> publishes, the client under test receives through Mosquitto.</summary>
public sealed class MqttClientReceiveTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private readonly MosquittoBroker _broker = fixture.Broker;

    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttQualityOfService.AtLeastOnce)]
    public async Task Messages_FromMosquittoPub_AreReceivedAtTheirQos(MqttQualityOfService qos)
    {
        var topic = TestClients.NewTopic("receive");
        await using var client = await TestClients.ConnectAsync(_broker, logger: new TestOutputLogger<MqttClient>(output));
        await client.SubscribeAsync(topic, qos);

        await MosquittoClients.PublishAsync(_broker, topic, "hello", (int)qos);
        var message = await client.ReadAsync();
        await message.AcknowledgeAsync();

        Assert.Equal(topic, message.Topic);
        Assert.Equal("hello", message.Text());
        Assert.Equal(qos, message.Qos);
        Assert.False(message.Duplicate);
        Assert.False(message.Retain);
        await client.DisconnectAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Messages_ThousandQos1FromMosquittoPub_ArriveOnceAndInOrder()
    {
        const int count = 1000;
        var topic = TestClients.NewTopic("receive-many");
        await using var client = await TestClients.ConnectAsync(_broker, logger: new TestOutputLogger<MqttClient>(output));
        await client.SubscribeAsync(topic);

        var publishing = MosquittoClients.PublishNumberedAsync(_broker, topic, qos: 1, count);
        var received = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var message = await client.ReadAsync();
            received.Add(message.Text());
            await message.AcknowledgeAsync();
        }

        await publishing;
        Assert.Equal(Enumerable.Range(1, count).Select(MosquittoClients.Numbered), received);
        Assert.False(client.Messages.TryRead(out _));
        await Task.Delay(200);
        Assert.False(client.Messages.TryRead(out var extra), $"unexpected extra message {extra?.Text()}");
        Assert.Equal(0, client.UnacknowledgedCount);
    }

    [Fact]
    public async Task Messages_Qos2FromMosquittoPub_DeliveredOnceAndConnectionStaysHealthy()
    {
        var topic = TestClients.NewTopic("receive-qos2");
        await using var client = await TestClients.ConnectAsync(_broker, logger: new TestOutputLogger<MqttClient>(output));
        await client.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce);

        await MosquittoClients.PublishAsync(_broker, topic, "first", qos: 2);
        await MosquittoClients.PublishAsync(_broker, topic, "second", qos: 2);
        var first = await client.ReadAsync();
        await first.AcknowledgeAsync();
        var second = await client.ReadAsync();
        await second.AcknowledgeAsync();

        Assert.Equal(["first", "second"], new[] { first.Text(), second.Text() });
        Assert.Equal(MqttQualityOfService.ExactlyOnce, first.Qos);

        // The PUBREC/PUBREL/PUBCOMP exchange completed: a further message still flows and nothing was delivered twice.
        await MosquittoClients.PublishAsync(_broker, topic, "third", qos: 1);
        Assert.Equal("third", (await client.ReadAsync()).Text());
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Messages_RetainedMessage_IsDeliveredWithRetainFlag()
    {
        var topic = TestClients.NewTopic("retained");
        await MosquittoClients.PublishAsync(_broker, topic, "kept", qos: 1, retain: true);
        await using var client = await TestClients.ConnectAsync(_broker);

        await client.SubscribeAsync(topic);
        var message = await client.ReadAsync();

        Assert.Equal("kept", message.Text());
        Assert.True(message.Retain);
    }

    [Fact]
    public async Task SubscribeAsync_WildcardFilters_ReceiveMatchingTopicsOnly()
    {
        var root = TestClients.NewTopic("wildcards");
        await using var client = await TestClients.ConnectAsync(_broker);
        var results = await client.SubscribeAsync(
            [new MqttTopicFilter($"{root}/+/telemetry"), new MqttTopicFilter($"{root}/alerts/#", MqttQualityOfService.AtMostOnce)],
            CancellationToken.None);
        Assert.Equal([MqttQualityOfService.AtLeastOnce, MqttQualityOfService.AtMostOnce], results.Select(r => r.GrantedQos));

        await MosquittoClients.PublishAsync(_broker, $"{root}/rg-1/telemetry", "a", qos: 1);
        await MosquittoClients.PublishAsync(_broker, $"{root}/rg-1/status", "not matched", qos: 1);
        await MosquittoClients.PublishAsync(_broker, $"{root}/alerts", "b", qos: 1);
        await MosquittoClients.PublishAsync(_broker, $"{root}/alerts/zone/3", "c", qos: 1);

        var received = await client.ReadAsync(3);
        Assert.Equal(["a", "b", "c"], received.Select(m => m.Text()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/#/b")]
    [InlineData("a#")]
    [InlineData("sport+")]
    [InlineData("a/b+/c")]
    [InlineData("nul\0")]
    public async Task SubscribeAsync_InvalidFilter_ThrowsArgumentException(string filter)
    {
        await using var client = await TestClients.ConnectAsync(_broker);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SubscribeAsync([new MqttTopicFilter(filter)], CancellationToken.None));

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task SubscribeAsync_NoFilters_ThrowsArgumentException()
    {
        await using var client = await TestClients.ConnectAsync(_broker);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SubscribeAsync([], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.UnsubscribeAsync([], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.UnsubscribeAsync(["a/#/b"], CancellationToken.None));
    }

    [Fact]
    public async Task UnsubscribeAsync_ThenPublish_MessageNoLongerDelivered()
    {
        var topic = TestClients.NewTopic("unsubscribe");
        var marker = TestClients.NewTopic("marker");
        await using var client = await TestClients.ConnectAsync(_broker);
        await client.SubscribeAsync(topic);
        await client.SubscribeAsync(marker);

        await client.UnsubscribeAsync([topic], CancellationToken.None);
        await MosquittoClients.PublishAsync(_broker, topic, "not for us", qos: 1);
        await MosquittoClients.PublishAsync(_broker, marker, "marker", qos: 1);

        Assert.Equal("marker", (await client.ReadAsync()).Text());
    }
}
