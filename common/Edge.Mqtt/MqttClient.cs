using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Edge.Mqtt;

/// <summary>An MQTT 3.1.1 client over TCP (one connection per instance).</summary>
public sealed class MqttClient(MqttClientOptions options, ILogger<MqttClient>? logger = null, TimeProvider? timeProvider = null) : IMqttClient
{
    private readonly MqttClientOptions _options = options;
    private readonly ILogger<MqttClient>? _logger = logger;
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    public bool IsConnected => throw new NotImplementedException();

    public Task Disconnected => throw new NotImplementedException();

    public ChannelReader<MqttReceivedMessage> Messages => throw new NotImplementedException();

    public Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken) => throw new NotImplementedException(_options.Host + _logger + _timeProvider);

    public Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<MqttSubscribeResult>> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task DisconnectAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
