using System.Threading.Channels;

namespace Edge.Mqtt;

/// <summary>
/// One MQTT connection. Narrow on purpose: the platform needs connect, publish, subscribe, receive with an explicit
/// acknowledgement, and disconnect, so that another client library could stand behind the same interface.
/// </summary>
public interface IMqttClient : IAsyncDisposable
{
    /// <summary>True between a successful <see cref="ConnectAsync"/> and the end of the connection.</summary>
    bool IsConnected { get; }

    /// <summary>
    /// Completes when the connection ends: successfully after <see cref="DisconnectAsync"/>, faulted with an
    /// <see cref="MqttConnectionLostException"/> when the broker or the network ended it.
    /// </summary>
    Task Disconnected { get; }

    /// <summary>
    /// Messages from the broker, in the order they arrived. Bounded: when the application falls behind, the client stops
    /// reading from the socket rather than growing memory. Completes when the connection ends.
    /// </summary>
    ChannelReader<MqttReceivedMessage> Messages { get; }

    /// <summary>Opens the TCP connection and performs CONNECT/CONNACK. Throws <see cref="MqttConnectException"/> when refused.</summary>
    Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Publishes; for QoS 1 completes when the broker's PUBACK arrives.</summary>
    Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken);

    /// <summary>Subscribes; returns the broker's answer per filter, in order.</summary>
    Task<IReadOnlyList<MqttSubscribeResult>> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken);

    Task UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken);

    /// <summary>Sends DISCONNECT and closes the connection; the will is not published.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken);
}
