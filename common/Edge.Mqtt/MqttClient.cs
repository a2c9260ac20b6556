using System.Text;
using System.Threading.Channels;
using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;
using Edge.Mqtt.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Mqtt;

/// <summary>
/// An MQTT 3.1.1 client over TCP (one connection per instance). Operations are safe to call from any thread.
/// See README.md for the threading, back-pressure and acknowledgement model.
/// </summary>
/// <remarks>
/// Disposing a connected client drops the connection without DISCONNECT, as a crash would: the broker publishes the
/// will. Call <see cref="DisconnectAsync"/> first for a clean end.
/// </remarks>
public sealed partial class MqttClient : IMqttClient
{
    /// <summary>PUBLISHes queued for the writer at most (any QoS); further publishers wait for the writer to catch up.</summary>
    internal const int MaxQueuedPublishes = 1024;

    private readonly MqttClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<MqttReceivedMessage> _messages;
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PendingRequests _pending = new();
    private readonly InboundAcknowledgements _inbound;
    private readonly OutgoingPackets _outgoing = new(MaxQueuedPublishes);
    private readonly SemaphoreSlim _inflightSlots;
    private readonly KeepAliveMonitor _keepAlive;
    private readonly Func<MqttReceivedMessage, CancellationToken, ValueTask> _acknowledge;
    private int _disposed;

    /// <summary>Creates a client; <paramref name="options"/> are validated now (<see cref="ArgumentException"/>).</summary>
    public MqttClient(MqttClientOptions options, ILogger<MqttClient>? logger = null, TimeProvider? timeProvider = null)
    {
        MqttClientOptionsValidator.Validate(options);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _messages = Channel.CreateBounded<MqttReceivedMessage>(new BoundedChannelOptions(options.MaxPendingMessages)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
            AllowSynchronousContinuations = false,
        });
        _inbound = new InboundAcknowledgements(_outgoing.TryEnqueue);
        _inflightSlots = new SemaphoreSlim(options.MaxInflightPublishes);
        _keepAlive = new KeepAliveMonitor(options.KeepAlive, _timeProvider);
        _acknowledge = AcknowledgeInbound;
    }

    public bool IsConnected => Volatile.Read(ref _state) == StateConnected;

    public Task Disconnected => _disconnected.Task;

    public ChannelReader<MqttReceivedMessage> Messages => _messages.Reader;

    /// <summary>PUBLISH packets received on this connection so far (including those still waiting in <see cref="Messages"/>).</summary>
    internal long ReceivedPublishCount => Interlocked.Read(ref _receivedPublishes);

    /// <summary>Outbound QoS 1 publishes awaiting their PUBACK, and subscriptions awaiting their answer.</summary>
    internal int PendingRequestCount => _pending.Count;

    /// <summary>Inbound QoS 1/2 messages delivered and not yet answered (PUBACK/PUBREC not sent).</summary>
    internal int UnacknowledgedCount => _inbound.Pending;

    public Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_stateGate)
        {
            if (_state != StateCreated)
            {
                throw new InvalidOperationException("ConnectAsync was already called: an MqttClient serves one connection; create a new one to connect again");
            }

            _state = StateConnecting;
        }

        return ConnectCoreAsync(cancellationToken);
    }

    /// <summary>
    /// Publishes. QoS 0 completes once the packet is queued for the writer; QoS 1 once the broker's PUBACK arrives
    /// (at most <see cref="MqttClientOptions.MaxInflightPublishes"/> wait at a time; more callers wait for a slot).
    /// Throws <see cref="ArgumentException"/> for an invalid topic, <see cref="NotSupportedException"/> for QoS 2, and
    /// <see cref="MqttConnectionLostException"/> when the connection ends before completion.
    /// </summary>
    public Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        MqttTopics.ValidateName(message.Topic, nameof(message));
        switch (message.Qos)
        {
            case MqttQualityOfService.ExactlyOnce:
                throw new NotSupportedException("publishing at QoS 2 is not supported yet by Edge.Mqtt; use QoS 1");
            case > MqttQualityOfService.ExactlyOnce:
                throw new ArgumentException($"QoS {(int)message.Qos} does not exist", nameof(message));
        }

        if (MqttPacketEncoder.GetPublishSize(message.Topic, message.Payload.Length, message.Qos) < 0)
        {
            throw new ArgumentException($"a payload of {message.Payload.Length} bytes does not fit in an MQTT packet", nameof(message));
        }

        ThrowIfNotConnected();
        return message.Qos == MqttQualityOfService.AtMostOnce
            ? PublishAtMostOnceAsync(message, cancellationToken)
            : PublishAtLeastOnceAsync(message, cancellationToken);
    }

    public async Task<IReadOnlyList<MqttSubscribeResult>> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("SUBSCRIBE needs at least one topic filter", nameof(filters));
        }

        var copy = new MqttTopicFilter[filters.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var filter = filters[i] ?? throw new ArgumentException($"filter {i} is null", nameof(filters));
            MqttTopics.ValidateFilter(filter.Filter, nameof(filters));
            if (!Enum.IsDefined(filter.MaximumQos))
            {
                throw new ArgumentException($"QoS {(int)filter.MaximumQos} does not exist", nameof(filters));
            }

            copy[i] = filter;
        }

        ThrowIfNotConnected();
        var request = new PendingRequest(MqttPacketType.SubAck, copy.Length);
        var packetId = _pending.Register(request, ConnectionEnded);
        if (!_outgoing.TryEnqueue(new SubscribePacket(packetId, copy)))
        {
            throw ConnectionEnded();
        }

        var subAck = (SubAckPacket)await request.Task.WaitAsync(cancellationToken);
        var results = new MqttSubscribeResult[subAck.ReturnCodes.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var code = subAck.ReturnCodes[i];
            results[i] = new MqttSubscribeResult(code == SubAckPacket.Failure ? null : (MqttQualityOfService)code);
        }

        Log.Subscribed(_logger, _options.ClientId, copy.Length);
        return results;
    }

    public async Task UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("UNSUBSCRIBE needs at least one topic filter", nameof(filters));
        }

        var copy = new string[filters.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            MqttTopics.ValidateFilter(filters[i], nameof(filters));
            copy[i] = filters[i];
        }

        ThrowIfNotConnected();
        var request = new PendingRequest(MqttPacketType.UnsubAck);
        var packetId = _pending.Register(request, ConnectionEnded);
        if (!_outgoing.TryEnqueue(new UnsubscribePacket(packetId, copy)))
        {
            throw ConnectionEnded();
        }

        await request.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Sends DISCONNECT after what is already queued, waits (briefly) for the broker to close, and ends the connection:
    /// <see cref="Disconnected"/> completes successfully and the will is not published. A no-op once ended.
    /// </summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        lock (_stateGate)
        {
            switch (_state)
            {
                case StateCreated or StateConnecting:
                    throw new InvalidOperationException("not connected");
                case StateDisconnecting or StateEnded:
                    return;
            }

            _state = StateDisconnecting;
        }

        await CloseGracefullyAsync(cancellationToken);
    }

    /// <summary>Drops a live connection without DISCONNECT (the broker publishes the will) and releases resources.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        int previous;
        lock (_stateGate)
        {
            previous = _state;
            _state = StateEnded;
        }

        if (previous is StateConnecting or StateConnected or StateDisconnecting)
        {
            Log.Dropped(_logger, _options.ClientId);
            Teardown();
        }

        await Task.WhenAll(_readLoop, _writeLoop, _keepAliveLoop);
        _outgoing.Dispose();
        _inflightSlots.Dispose();
        _connectionCts.Dispose();
        _deliveryCts.Dispose();
    }

    private ValueTask AcknowledgeInbound(MqttReceivedMessage message, CancellationToken cancellationToken)
    {
        _inbound.Acknowledge(message.Sequence);
        return ValueTask.CompletedTask;
    }

    private ConnectPacket BuildConnectPacket() => new(
        _options.ClientId,
        (ushort)Math.Ceiling(_options.KeepAlive.TotalSeconds),
        _options.CleanSession,
        _options.Username,
        _options.Password is null ? (ReadOnlyMemory<byte>?)null : Encoding.UTF8.GetBytes(_options.Password),
        _options.Will is { } will ? new MqttWill(will.Topic, will.Payload, will.Qos, will.Retain) : null);
}
