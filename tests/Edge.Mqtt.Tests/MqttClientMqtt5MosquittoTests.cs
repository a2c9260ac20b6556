using System.Text;
using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

/// <summary>
/// MQTT 5 with real Mosquitto 2.0: what its CONNACK announces, properties passed through in both directions (with
/// <c>mosquitto_pub</c>/<c>mosquitto_sub</c> as the other side), subscription options, shared subscriptions, the will
/// with its delay and properties, and the broker's own DISCONNECT.
/// </summary>
public sealed class MqttClientMqtt5MosquittoTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private const MqttProtocolVersion V5 = MqttProtocolVersion.V500;
    private readonly MosquittoBroker _broker = fixture.Broker;

    [Fact]
    public async Task ConnectAsync_Mosquitto_AnnouncesItsLimitsAndAssignsAnIdentifier()
    {
        await using var client = await TestClients.ConnectAsync(_broker, V5, options => options.ClientId = string.Empty);

        var result = client.ConnectResult!;
        Assert.Equal(MqttProtocolVersion.V500, result.ProtocolVersion);
        Assert.StartsWith("auto-", result.AssignedClientIdentifier, StringComparison.Ordinal);
        Assert.Equal(1000, result.ReceiveMaximum); // the fixture's max_inflight_messages
        Assert.Equal(10, result.TopicAliasMaximum); // Mosquitto's default max_topic_alias
        Assert.True(result.RetainAvailable);
        Assert.Equal(MqttQualityOfService.ExactlyOnce, result.MaximumQos);
    }

    [Fact]
    public async Task PublishAsync_Mqtt5Properties_ReachMosquittoSub()
    {
        var topic = TestClients.NewTopic("v5-props-out");
        await using var subscriber = await MosquittoClients.SubscribeAsync(_broker, topic, 1, 1, V5, "-F '%C|%R|%D|%P|%F|%p'");
        await using var client = await TestClients.ConnectAsync(_broker, V5);

        await client.PublishAsync(new MqttApplicationMessage(topic, "reading"u8.ToArray(), MqttQualityOfService.AtLeastOnce)
        {
            ContentType = "text/plain",
            ResponseTopic = "replies/gw-1",
            CorrelationData = "req-7"u8.ToArray(),
            UserProperties = [new MqttUserProperty("site", "ridge"), new MqttUserProperty("unit", "mm")],
            PayloadFormatIndicator = MqttPayloadFormatIndicator.Utf8,
            MessageExpiryInterval = TimeSpan.FromHours(1),
        }, CancellationToken.None);

        Assert.Equal(["text/plain|replies/gw-1|req-7|site:ridge unit:mm|1|reading"], await MosquittoClients.WaitForPayloadsAsync(subscriber));
    }

    [Fact]
    public async Task Messages_Mqtt5PropertiesFromMosquittoPub_AreOnTheMessage()
    {
        var topic = TestClients.NewTopic("v5-props-in");
        await using var client = await TestClients.ConnectAsync(_broker, V5);
        await client.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce);

        await MosquittoClients.PublishAsync(_broker, topic, "ping", 2, V5, retain: false,
            "-D", "publish", "user-property", "k", "v",
            "-D", "publish", "content-type", "text/plain",
            "-D", "publish", "response-topic", "pong/here",
            "-D", "publish", "correlation-data", "c-1",
            "-D", "publish", "message-expiry-interval", "120",
            "-D", "publish", "payload-format-indicator", "1");
        var message = await client.ReadAsync();
        await message.AcknowledgeAsync();

        Assert.Equal("ping", message.Text());
        Assert.Equal([new MqttUserProperty("k", "v")], message.UserProperties);
        Assert.Equal("text/plain", message.ContentType);
        Assert.Equal("pong/here", message.ResponseTopic);
        Assert.Equal("c-1", Encoding.UTF8.GetString(message.CorrelationData!.Value.Span));
        Assert.InRange(message.MessageExpiryInterval!.Value, TimeSpan.FromSeconds(110), TimeSpan.FromSeconds(120));
        Assert.Equal(MqttPayloadFormatIndicator.Utf8, message.PayloadFormatIndicator);
    }

    [Fact]
    public async Task RequestResponse_ResponseTopicAndCorrelationData_RoundTrip()
    {
        var requests = TestClients.NewTopic("requests");
        var replies = TestClients.NewTopic("replies");
        await using var responder = await TestClients.ConnectAsync(_broker, V5);
        await responder.SubscribeAsync(requests);
        await using var requester = await TestClients.ConnectAsync(_broker, V5);
        await requester.SubscribeAsync(replies);

        await requester.PublishAsync(new MqttApplicationMessage(requests, "status?"u8.ToArray(), MqttQualityOfService.AtLeastOnce)
        {
            ResponseTopic = replies,
            CorrelationData = new byte[] { 0xCA, 0xFE },
        }, CancellationToken.None);
        var request = await responder.ReadAsync();
        await responder.PublishAsync(new MqttApplicationMessage(request.ResponseTopic!, "ok"u8.ToArray(), MqttQualityOfService.AtLeastOnce)
        {
            CorrelationData = request.CorrelationData,
        }, CancellationToken.None);
        var reply = await requester.ReadAsync();

        Assert.Equal("ok", reply.Text());
        Assert.Equal(new byte[] { 0xCA, 0xFE }, reply.CorrelationData!.Value.ToArray());
    }

    [Fact]
    public async Task PublishAsync_NoSubscriber_PubAckSaysNoMatchingSubscribersAndStillSucceeds()
    {
        await using var client = await TestClients.ConnectAsync(_broker, V5);

        var result = await client.PublishAsync(new MqttApplicationMessage(TestClients.NewTopic("nobody"), "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);

        Assert.Equal(MqttReasonCode.NoMatchingSubscribers, result.ReasonCode);
        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task SubscribeAsync_NoLocal_OwnPublicationsAreNotEchoed()
    {
        var topic = TestClients.NewTopic("no-local");
        await using var client = await TestClients.ConnectAsync(_broker, V5);
        await client.SubscribeAsync([new MqttTopicFilter(topic) { NoLocal = true }], CancellationToken.None);

        await client.PublishAsync(new MqttApplicationMessage(topic, "mine"u8.ToArray(), MqttQualityOfService.AtLeastOnce), CancellationToken.None);
        await MosquittoClients.PublishAsync(_broker, topic, "theirs", 1, V5);

        Assert.Equal("theirs", (await client.ReadAsync()).Text());
        Assert.False(client.Messages.TryRead(out _));
    }

    [Fact]
    public async Task SubscribeAsync_RetainHandlingAndRetainAsPublished_AreHonoured()
    {
        var topic = TestClients.NewTopic("retain-options");
        await MosquittoClients.PublishAsync(_broker, topic, "retained", 1, V5, retain: true);
        await using var client = await TestClients.ConnectAsync(_broker, V5);

        // Retain handling 2: no retained message at subscribe.
        await client.SubscribeAsync([new MqttTopicFilter(topic) { RetainHandling = MqttRetainHandling.DoNotSend, RetainAsPublished = true }], CancellationToken.None);
        await MosquittoClients.PublishAsync(_broker, topic, "live-retained", 1, V5, retain: true);
        var live = await client.ReadAsync();
        Assert.Equal("live-retained", live.Text());
        Assert.True(live.Retain, "retain-as-published keeps the flag on a live message");

        // Retain handling 1: retained message only for a new subscription (this one exists).
        await client.SubscribeAsync([new MqttTopicFilter(topic) { RetainHandling = MqttRetainHandling.SendAtSubscribeIfNew }], CancellationToken.None);
        await MosquittoClients.PublishAsync(_broker, topic, "marker", 1, V5);
        var next = await client.ReadAsync();
        Assert.Equal("marker", next.Text());
        Assert.False(next.Retain);

        // Retain handling 0 (the default): the retained message at every subscribe.
        await client.SubscribeAsync([new MqttTopicFilter(topic)], CancellationToken.None);
        var again = await client.ReadAsync();
        Assert.Equal("live-retained", again.Text());
        Assert.True(again.Retain);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task SubscribeAsync_SharedSubscription_EachMessageGoesToOneMemberOfTheGroup(MqttProtocolVersion version)
    {
        const int count = 60;
        var topic = TestClients.NewTopic("shared");
        var filter = $"$share/workers/{topic}";
        await using var first = await TestClients.ConnectAsync(_broker, version);
        await using var second = await TestClients.ConnectAsync(_broker, version);
        await first.SubscribeAsync(filter);
        await second.SubscribeAsync(filter);

        await MosquittoClients.PublishNumberedAsync(_broker, topic, 1, count, version);
        var received = new List<string>();
        var perMember = new int[2];
        var clients = new[] { first, second };
        using var timeout = new CancellationTokenSource(TestClients.Timeout);
        while (received.Count < count)
        {
            Task<bool>[] waits = [first.Messages.WaitToReadAsync(timeout.Token).AsTask(), second.Messages.WaitToReadAsync(timeout.Token).AsTask()];
            var index = Array.IndexOf(waits, await Task.WhenAny(waits));
            while (clients[index].Messages.TryRead(out var message))
            {
                received.Add(message.Text());
                perMember[index]++;
                await message.AcknowledgeAsync();
            }
        }

        Assert.Equal(Enumerable.Range(1, count).Select(MosquittoClients.Numbered), received.Order(StringComparer.Ordinal));
        Assert.All(perMember, n => Assert.True(n > 0, $"a member got nothing: {perMember[0]}/{perMember[1]}"));
    }

    [Fact]
    public async Task ReadLoop_SameClientIdConnectsElsewhere_FirstConnectionEndsAndSaysWhyIfTheBrokerDoes()
    {
        var clientId = TestClients.NewClientId("taken");
        await using var first = await TestClients.ConnectAsync(_broker, V5, options => options.ClientId = clientId);

        await using var second = await TestClients.ConnectAsync(_broker, V5, options => options.ClientId = clientId);
        var loss = await first.LossAsync();

        // MQTT 5 says DISCONNECT 0x8E (session taken over); Mosquitto 2.0.11 closes the socket without it. The reason is
        // surfaced when there is one (proven against the scripted server in MqttClientMqtt5ProtocolTests).
        Assert.True(loss.ReasonCode is null or MqttReasonCode.SessionTakenOver, loss.Message);
        Assert.False(first.IsConnected);
        Assert.True(second.IsConnected);
    }

    [Fact]
    public async Task Will_WithDelayAndProperties_IsPublishedAfterTheDelayWithItsProperties()
    {
        var willTopic = TestClients.NewTopic("will-delay");
        await using var watcher = await TestClients.ConnectAsync(_broker, V5);
        await watcher.SubscribeAsync(willTopic);
        var client = await TestClients.ConnectAsync(_broker, V5, options =>
        {
            options.Will = new MqttApplicationMessage(willTopic, "offline"u8.ToArray(), MqttQualityOfService.AtLeastOnce)
            {
                ContentType = "text/plain",
                UserProperties = [new MqttUserProperty("reason", "lost")],
            };
            options.WillDelayInterval = TimeSpan.FromSeconds(1);
            options.SessionExpiryInterval = TimeSpan.FromSeconds(30);
        });

        var dropped = TimeProvider.System.GetTimestamp();
        await client.DisposeAsync();
        var will = await watcher.ReadAsync(TimeSpan.FromSeconds(10));

        Assert.InRange(TimeProvider.System.GetElapsedTime(dropped), TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        Assert.Equal("offline", will.Text());
        Assert.Equal("text/plain", will.ContentType);
        Assert.Equal([new MqttUserProperty("reason", "lost")], will.UserProperties);
    }

    [Fact]
    public async Task Will_WithDelay_ClientBackWithinTheDelay_IsNotPublished()
    {
        var willTopic = TestClients.NewTopic("will-back");
        var clientId = TestClients.NewClientId("will-back");
        await using var watcher = await TestClients.ConnectAsync(_broker, V5);
        await watcher.SubscribeAsync(willTopic);
        void Configure(MqttClientOptions options)
        {
            options.ClientId = clientId;
            options.CleanSession = false;
            options.Will = new MqttApplicationMessage(willTopic, "offline"u8.ToArray(), MqttQualityOfService.AtLeastOnce);
            options.WillDelayInterval = TimeSpan.FromSeconds(2);
        }

        await (await TestClients.ConnectAsync(_broker, V5, Configure)).DisposeAsync();
        await using var back = await TestClients.ConnectAsync(_broker, V5, Configure);
        await back.DisconnectAsync(CancellationToken.None);
        await MosquittoClients.PublishAsync(_broker, willTopic, "marker", 1, V5);

        Assert.Equal("marker", (await watcher.ReadAsync()).Text());
    }

    [Fact]
    public async Task DisconnectAsync_WithWillMessage_BrokerPublishesTheWill()
    {
        var willTopic = TestClients.NewTopic("will-on-disconnect");
        await using var watcher = await TestClients.ConnectAsync(_broker, V5);
        await watcher.SubscribeAsync(willTopic);
        await using var client = await TestClients.ConnectAsync(_broker, V5, options =>
            options.Will = new MqttApplicationMessage(willTopic, "bye"u8.ToArray(), MqttQualityOfService.AtLeastOnce));

        await client.DisconnectAsync(MqttReasonCode.DisconnectWithWillMessage, CancellationToken.None);

        Assert.Equal("bye", (await watcher.ReadAsync()).Text());
    }

    [Fact]
    public async Task MessageExpiry_MessageWaitingPastItsExpiry_IsNotDelivered()
    {
        var clientId = TestClients.NewClientId("expiry");
        var topic = TestClients.NewTopic("expiry");
        void Persistent(MqttClientOptions options)
        {
            options.ClientId = clientId;
            options.CleanSession = false;
        }

        await using (var first = await TestClients.ConnectAsync(_broker, V5, Persistent))
        {
            await first.SubscribeAsync(topic);
            await first.DisconnectAsync(CancellationToken.None);
        }

        await using (var publisher = await TestClients.ConnectAsync(_broker, V5))
        {
            await publisher.PublishAsync(new MqttApplicationMessage(topic, "stale"u8.ToArray(), MqttQualityOfService.AtLeastOnce) { MessageExpiryInterval = TimeSpan.FromSeconds(1) }, CancellationToken.None);
            await publisher.PublishAsync(new MqttApplicationMessage(topic, "fresh"u8.ToArray(), MqttQualityOfService.AtLeastOnce) { MessageExpiryInterval = TimeSpan.FromMinutes(5) }, CancellationToken.None);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        await using var second = await TestClients.ConnectAsync(_broker, V5, Persistent);
        var message = await second.ReadAsync();

        Assert.Equal("fresh", message.Text());
        Assert.True(message.MessageExpiryInterval <= TimeSpan.FromMinutes(5));
        Assert.Null(await TryReadAsync(second, TimeSpan.FromMilliseconds(300)));
        _ = output;
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
