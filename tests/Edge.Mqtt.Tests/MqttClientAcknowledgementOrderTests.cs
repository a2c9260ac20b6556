using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Mqtt.Tests.Infrastructure;
using Edge.Testing;

namespace Edge.Mqtt.Tests;

/// <summary>
/// PUBACKs reach Mosquitto in the order its PUBLISHes were sent (MQTT 3.1.1 section 4.6), whatever order the
/// application acknowledges in, as seen in the broker's own packet log. The broker flushes that log only when it
/// exits, so this class stops its broker.
/// </summary>
public sealed partial class MqttClientAcknowledgementOrderTests(DebugLogBrokerFixture fixture) : IClassFixture<DebugLogBrokerFixture>
{
    private readonly MosquittoBroker _broker = fixture.Broker;

    [Fact]
    public async Task AcknowledgeAsync_OutOfOrder_BrokerReceivesPubAcksInArrivalOrder()
    {
        var clientId = TestClients.NewClientId("ack-order");
        var topic = TestClients.NewTopic("ack-order");
        await using var client = await TestClients.ConnectAsync(_broker, options => options.ClientId = clientId);
        await client.SubscribeAsync(topic);
        await MosquittoClients.PublishNumberedAsync(_broker, topic, qos: 1, count: 5);
        var messages = await client.ReadAsync(5);

        foreach (var index in new[] { 4, 2, 0, 3, 1 })
        {
            await messages[index].AcknowledgeAsync();

            // Give a wrongly ordered PUBACK the time to reach the broker before the next acknowledgement.
            await Task.Delay(50);
        }

        await client.SubscribeAsync(TestClients.NewTopic("round-trip"));
        await client.DisconnectAsync(CancellationToken.None);
        await _broker.StopAsync();

        var log = _broker.Output;
        var sent = PublishSentTo().Matches(log).Where(m => m.Groups["client"].Value == clientId).Select(Mid).ToList();
        var acked = PubAckReceivedFrom().Matches(log).Where(m => m.Groups["client"].Value == clientId).Select(Mid).ToList();
        Assert.Equal(5, sent.Count);
        Assert.Equal(sent, acked);
    }

    private static int Mid(Match match) => int.Parse(match.Groups["mid"].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Sending PUBLISH to (?<client>\S+) \(d0, q1, r0, m(?<mid>\d+),")]
    private static partial Regex PublishSentTo();

    [GeneratedRegex(@"Received PUBACK from (?<client>\S+) \(Mid: (?<mid>\d+)")]
    private static partial Regex PubAckReceivedFrom();
}
