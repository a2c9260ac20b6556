using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

/// <summary>
/// Both protocol versions at every QoS, with Mosquitto 2.0 and its own clients as the independent peer: the client
/// under test publishes to <c>mosquitto_sub</c>, and receives from <c>mosquitto_pub</c>; each message arrives once and
/// in order, and every QoS 2 exchange completes.
/// </summary>
public sealed class MqttClientInteroperabilityTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private const int Count = 200;
    private readonly MosquittoBroker _broker = fixture.Broker;

    public static TheoryData<MqttProtocolVersion, MqttQualityOfService> VersionsAndQos() => new()
    {
        { MqttProtocolVersion.V311, MqttQualityOfService.AtMostOnce },
        { MqttProtocolVersion.V311, MqttQualityOfService.AtLeastOnce },
        { MqttProtocolVersion.V311, MqttQualityOfService.ExactlyOnce },
        { MqttProtocolVersion.V500, MqttQualityOfService.AtMostOnce },
        { MqttProtocolVersion.V500, MqttQualityOfService.AtLeastOnce },
        { MqttProtocolVersion.V500, MqttQualityOfService.ExactlyOnce },
    };

    [Theory]
    [MemberData(nameof(VersionsAndQos))]
    public async Task PublishAsync_ToMosquittoSub_EachArrivesOnceInOrder(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        var topic = TestClients.NewTopic("interop-out");
        await using var subscriber = await MosquittoClients.SubscribeAsync(_broker, topic, (int)qos, Count, version);
        await using var client = await TestClients.ConnectAsync(_broker, version, options => options.MaxInflightPublishes = 32, new TestOutputLogger<MqttClient>(output));

        // Pipelined: many in flight at once, completing on PUBACK (QoS 1) or PUBCOMP (QoS 2).
        var results = await Task.WhenAll(Enumerable.Range(1, Count).Select(i => client.PublishAsync(topic, MosquittoClients.Numbered(i), qos)
            .ContinueWith(_ => 0, TaskScheduler.Default)));

        Assert.Equal(Enumerable.Range(1, Count).Select(MosquittoClients.Numbered), await MosquittoClients.WaitForPayloadsAsync(subscriber));
        Assert.Equal(Count, results.Length);
        Assert.Equal(0, client.PendingRequestCount);
        await client.DisconnectAsync(CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(VersionsAndQos))]
    public async Task Messages_FromMosquittoPub_EachArrivesOnceInOrder(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        var topic = TestClients.NewTopic("interop-in");
        await using var client = await TestClients.ConnectAsync(_broker, version, logger: new TestOutputLogger<MqttClient>(output));
        await client.SubscribeAsync(topic, qos);

        var publishing = MosquittoClients.PublishNumberedAsync(_broker, topic, (int)qos, Count, version);
        var messages = new List<MqttReceivedMessage>();
        for (var i = 0; i < Count; i++)
        {
            var message = await client.ReadAsync();
            messages.Add(message);
            await message.AcknowledgeAsync();
        }

        await publishing;
        Assert.Equal(Enumerable.Range(1, Count).Select(MosquittoClients.Numbered), messages.Select(m => m.Text()));
        Assert.All(messages, m => Assert.Equal(qos, m.Qos));
        Assert.All(messages, m => Assert.False(m.Duplicate));
        Assert.Null(await TryReadAsync(client, TimeSpan.FromMilliseconds(300)));

        // Every QoS 2 exchange ran to its PUBCOMP, and the connection is healthy.
        await Eventually.HoldsAsync(() => Task.FromResult(client.Session.Inbound.AwaitingRelease), n => n == 0, TestClients.Timeout, "PUBREL answered for every message");
        Assert.Equal(0, client.UnacknowledgedCount);
        Assert.True(client.IsConnected);
        await client.DisconnectAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Clients_OfBothVersions_TalkThroughMosquitto(MqttProtocolVersion publisherVersion)
    {
        var subscriberVersion = publisherVersion == MqttProtocolVersion.V500 ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500;
        var topic = TestClients.NewTopic("interop-mixed");
        await using var subscriber = await TestClients.ConnectAsync(_broker, subscriberVersion);
        await subscriber.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce);
        await using var publisher = await TestClients.ConnectAsync(_broker, publisherVersion);

        var result = await publisher.PublishAsync(new MqttApplicationMessage(topic, "across"u8.ToArray(), MqttQualityOfService.ExactlyOnce), CancellationToken.None);
        var message = await subscriber.ReadAsync();
        await message.AcknowledgeAsync();

        Assert.True(result.IsSuccess);
        Assert.Equal("across", message.Text());
        Assert.Equal(MqttQualityOfService.ExactlyOnce, message.Qos);
    }

    private static async Task<MqttReceivedMessage?> TryReadAsync(MqttClient client, TimeSpan within)
    {
        try
        {
            return await client.ReadAsync(within);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
