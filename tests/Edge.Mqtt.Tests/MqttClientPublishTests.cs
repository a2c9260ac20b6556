using System.Globalization;
using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

/// <summary>
/// The client under test publishes, <c>mosquitto_sub</c> receives through Mosquitto. (Counts stay under 2,000: the
/// test keeps that many lines of a peer's output.)
/// </summary>
public sealed class MqttClientPublishTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private readonly MosquittoBroker _broker = fixture.Broker;

    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttQualityOfService.AtLeastOnce)]
    public async Task PublishAsync_Qos_IsReceivedByMosquittoSub(MqttQualityOfService qos)
    {
        var topic = TestClients.NewTopic("publish");
        await using var subscriber = await MosquittoClients.SubscribeAsync(_broker, topic, (int)qos, count: 2);
        await using var client = await TestClients.ConnectAsync(_broker, logger: new TestOutputLogger<MqttClient>(output));

        await client.PublishAsync(topic, "hello", qos);
        await client.PublishAsync(topic, "world", qos);

        Assert.Equal(["hello", "world"], await MosquittoClients.WaitForPayloadsAsync(subscriber));
        await client.DisconnectAsync(CancellationToken.None);
        await client.Disconnected;
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task PublishAsync_ThousandQos1_MosquittoSubReceivesEachOnceInOrder()
    {
        const int count = 1000;
        var topic = TestClients.NewTopic("publish-many");
        await using var subscriber = await MosquittoClients.SubscribeAsync(_broker, topic, qos: 1, count);
        await using var client = await TestClients.ConnectAsync(_broker, logger: new TestOutputLogger<MqttClient>(output));

        // Awaited one by one: each completes on its PUBACK.
        for (var i = 1; i <= count; i++)
        {
            await client.PublishAsync(topic, MosquittoClients.Numbered(i), MqttQualityOfService.AtLeastOnce);
        }

        Assert.Equal(Enumerable.Range(1, count).Select(MosquittoClients.Numbered), await MosquittoClients.WaitForPayloadsAsync(subscriber));
        Assert.Equal(0, client.PendingRequestCount);
    }

    [Fact]
    public async Task PublishAsync_ConcurrentPublishers_AllArriveAndEachPublishersOrderHolds()
    {
        const int publishers = 8;
        const int each = 180;
        var topic = TestClients.NewTopic("publish-concurrent");
        await using var subscriber = await MosquittoClients.SubscribeAsync(_broker, topic, qos: 1, publishers * each);
        await using var client = await TestClients.ConnectAsync(_broker, options => options.MaxInflightPublishes = 16);

        await Task.WhenAll(Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await client.PublishAsync(topic, string.Create(CultureInfo.InvariantCulture, $"{p}:{i}"), (MqttQualityOfService)(i % 2));
            }
        })));

        var received = await MosquittoClients.WaitForPayloadsAsync(subscriber);
        Assert.Equal(publishers * each, received.Count);
        foreach (var group in received.Select(r => r.Split(':')).GroupBy(parts => parts[0]))
        {
            Assert.Equal(Enumerable.Range(0, each).Select(i => i.ToString(CultureInfo.InvariantCulture)), group.Select(parts => parts[1]));
        }
    }

    [Fact]
    public async Task PublishAsync_ManyQos1WithoutAwaitingEach_PipelinesUpToInflightLimit()
    {
        const int count = 1500;
        var topic = TestClients.NewTopic("publish-pipelined");
        await using var subscriber = await MosquittoClients.SubscribeAsync(_broker, topic, qos: 1, count);
        await using var client = await TestClients.ConnectAsync(_broker, options => options.MaxInflightPublishes = 64);

        var publishes = Enumerable.Range(1, count).Select(i => client.PublishAsync(topic, MosquittoClients.Numbered(i), MqttQualityOfService.AtLeastOnce)).ToList();
        await Task.WhenAll(publishes).WaitAsync(TestClients.Timeout);

        var received = await MosquittoClients.WaitForPayloadsAsync(subscriber);
        Assert.Equal(count, received.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, count).Select(MosquittoClients.Numbered), received.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PublishAsync_Retained_IsDeliveredToLaterSubscriber()
    {
        var topic = TestClients.NewTopic("publish-retained");
        await using (var client = await TestClients.ConnectAsync(_broker))
        {
            await client.PublishAsync(new MqttApplicationMessage(topic, "state"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true), CancellationToken.None);
            await client.DisconnectAsync(CancellationToken.None);
        }

        await using var subscriber = await MosquittoClients.SubscribeAsync(_broker, topic, qos: 1, count: 1);

        Assert.Equal(["state"], await MosquittoClients.WaitForPayloadsAsync(subscriber));
    }

    [Fact]
    public async Task PublishAsync_LargePayload_ArrivesWhole()
    {
        var topic = TestClients.NewTopic("publish-large");
        await using var receiver = await TestClients.ConnectAsync(_broker);
        await receiver.SubscribeAsync(topic);
        await using var client = await TestClients.ConnectAsync(_broker);
        var payload = new byte[1024 * 1024];
        new Random(7).NextBytes(payload);

        await client.PublishAsync(new MqttApplicationMessage(topic, payload, MqttQualityOfService.AtLeastOnce), CancellationToken.None);
        var message = await receiver.ReadAsync();

        Assert.True(message.Payload.Span.SequenceEqual(payload));
    }
}
