using Edge.Mqtt.Bench.Infrastructure;

namespace Edge.Mqtt.Bench.Scenarios;

/// <summary>
/// Fills a persistent session with messages for a subscriber that is not connected, so that a drain measures the
/// subscriber alone. The same preload serves both subscribers (Edge.Mqtt and mosquitto_sub).
/// </summary>
internal static class SessionPreloader
{
    /// <summary>
    /// Creates the session <paramref name="clientId"/> (clean session off, subscribed to <paramref name="topic"/>),
    /// leaves it, and publishes <paramref name="count"/> messages to it. When this returns the broker holds them all:
    /// QoS 1 publishes were acknowledged, and a QoS 0 publisher's DISCONNECT was read after its last PUBLISH.
    /// </summary>
    public static async Task PreloadAsync(BenchBroker broker, string clientId, string topic, MqttQualityOfService qos, long count, CancellationToken cancellationToken)
    {
        await using (var session = await EdgeClients.ConnectAsync(broker.Host, broker.Port, clientId, cleanSession: false, cancellationToken))
        {
            await session.SubscribeAsync([new MqttTopicFilter(topic, qos)], cancellationToken);
            await session.DisconnectAsync(cancellationToken);
        }

        await using var publisher = await EdgeClients.ConnectAsync(broker.Host, broker.Port, clientId + "-preload", cleanSession: true, cancellationToken);
        await EdgeClients.PublishAsync(publisher, new MqttApplicationMessage(topic, EdgeClients.Payload, qos), count, window: 256, cancellationToken);
        await publisher.DisconnectAsync(cancellationToken);
    }
}
