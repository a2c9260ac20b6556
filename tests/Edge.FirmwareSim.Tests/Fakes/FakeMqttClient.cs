using System.Threading.Channels;
using Edge.Mqtt;

namespace Edge.FirmwareSim.Tests.Fakes;

/// <summary>One connection to a <see cref="FakeBroker"/>, with the semantics of <see cref="IMqttClient"/>.</summary>
internal sealed class FakeMqttClient(FakeBroker broker, MqttClientOptions options) : IMqttClient
{
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<MqttReceivedMessage> _messages = Channel.CreateUnbounded<MqttReceivedMessage>();
    private volatile bool _connected;

    public bool IsConnected => _connected;

    public Task Disconnected => _disconnected.Task;

    public ChannelReader<MqttReceivedMessage> Messages => _messages.Reader;

    public Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken)
    {
        broker.Connections.Enqueue(options);
        if (!broker.Accepting)
        {
            broker.Refused();
            throw new MqttConnectException(MqttConnectReturnCode.ServerUnavailable);
        }

        _connected = true;
        broker.Register(this, connected: true);
        return Task.FromResult(new MqttConnectResult(SessionPresent: false));
    }

    public async Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        ThrowIfNotConnected();
        broker.Receive(options, message, fromWill: false);
        await broker.AcknowledgementOf(message.Topic).WaitAsync(cancellationToken);
        ThrowIfNotConnected();
    }

    public Task<IReadOnlyList<MqttSubscribeResult>> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken) =>
        throw new NotSupportedException("devices do not subscribe in these tests");

    public Task UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken) =>
        throw new NotSupportedException("devices do not subscribe in these tests");

    public Task DisconnectAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotConnected();
        _connected = false;
        broker.Register(this, connected: false);
        _disconnected.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>The connection breaks without DISCONNECT: the broker publishes the will.</summary>
    public void Drop()
    {
        if (!_connected)
        {
            return;
        }

        _connected = false;
        broker.Register(this, connected: false);
        if (options.Will is { } will)
        {
            broker.Receive(options, will, fromWill: true);
        }

        _disconnected.TrySetException(new MqttConnectionLostException("dropped by the fake broker"));
    }

    public ValueTask DisposeAsync()
    {
        Drop();
        return ValueTask.CompletedTask;
    }

    private void ThrowIfNotConnected()
    {
        if (!_connected)
        {
            throw new MqttConnectionLostException("not connected");
        }
    }
}
