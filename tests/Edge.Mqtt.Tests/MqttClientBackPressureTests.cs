using System.Globalization;
using System.Text;
using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Mqtt.Tests;

/// <summary>An application that stops reading makes the client stop reading the socket, not buffer without bound.</summary>
public sealed class MqttClientBackPressureTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private readonly MosquittoBroker _broker = fixture.Broker;

    [Fact]
    public async Task Messages_AppStopsReading_ClientHoldsAtMostMaxPendingThenDeliversAllInOrder()
    {
        const int maxPending = 100;
        const int count = 20_000;
        var topic = TestClients.NewTopic("back-pressure");
        await using var receiver = await TestClients.ConnectAsync(_broker, options =>
        {
            options.MaxPendingMessages = maxPending;

            // Paused for seconds, well beyond 1.5 keep-alive periods: the client must keep pinging the broker and
            // must not take its own unread socket for a dead peer.
            options.KeepAlive = TimeSpan.FromSeconds(1);
        }, new TestOutputLogger<MqttClient>(output));
        await receiver.SubscribeAsync(topic, MqttQualityOfService.AtMostOnce);

        // 20,000 messages of 200 bytes (4 MB) is more than the loopback socket buffers hold.
        await using (var publisher = await TestClients.ConnectAsync(_broker))
        {
            var padding = new string('p', 190);
            for (var i = 0; i < count; i++)
            {
                await publisher.PublishAsync(topic, string.Create(CultureInfo.InvariantCulture, $"{i:D7}:{padding}"));
            }

            await publisher.DisconnectAsync(CancellationToken.None);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Messages.Count), n => n == maxPending, TestClients.Timeout, "the channel fills");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(maxPending, receiver.Messages.Count);
        Assert.InRange(receiver.ReceivedPublishCount, maxPending, maxPending + 1);
        Assert.True(receiver.IsConnected);

        for (var i = 0; i < count; i++)
        {
            var message = await receiver.ReadAsync();
            var number = int.Parse(Encoding.ASCII.GetString(message.Payload.Span[..7]), CultureInfo.InvariantCulture);
            Assert.Equal(i, number);
        }

        Assert.True(receiver.IsConnected);
    }
}
