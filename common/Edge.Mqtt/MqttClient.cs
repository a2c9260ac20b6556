using System.Threading.Channels;
using Edge.Mqtt.Client;
using Edge.Mqtt.Packets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Mqtt;

/// <summary>
/// An MQTT 3.1.1 or MQTT 5 client over TCP, one connection per instance. Operations are safe to call from any thread.
/// See README.md for the threading, back-pressure and acknowledgement model; <see cref="ReconnectingMqttClient"/> keeps
/// a session across connections on top of it.
/// </summary>
/// <remarks>
/// Disposing a connected client drops the connection without DISCONNECT, as a crash would: the broker publishes the
/// will. Call <see cref="DisconnectAsync(CancellationToken)"/> first for a clean end.
/// </remarks>
public sealed partial class MqttClient : IMqttClient
{
    /// <summary>QoS 0 PUBLISHes queued for the writer at most; further publishers wait for the writer to catch up.</summary>
    internal const int MaxQueuedPublishes = 1024;

    private readonly MqttClientOptions _options;
    private readonly MqttSessionState _session;
    private readonly bool _cleanStart;
    private readonly MqttProtocolVersion _version;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PendingRequests _pending;
    private readonly OutgoingPackets _outgoing;
    private readonly KeepAliveMonitor _keepAlive;
    private int _disposed;

    /// <summary>Creates a client; <paramref name="options"/> are validated now (<see cref="ArgumentException"/>).</summary>
    public MqttClient(MqttClientOptions options, ILogger<MqttClient>? logger = null, TimeProvider? timeProvider = null)
        : this(options, session: null, cleanStart: null, logger, timeProvider)
    {
    }

    /// <summary>
    /// A connection of a session that may span connections (<see cref="ReconnectingMqttClient"/>), or of its own
    /// session when <paramref name="session"/> is null. <paramref name="cleanStart"/> overrides <see cref="MqttClientOptions.CleanSession"/>.
    /// </summary>
    internal MqttClient(MqttClientOptions options, MqttSessionState? session, bool? cleanStart, ILogger? logger, TimeProvider? timeProvider)
    {
        MqttClientOptionsValidator.Validate(options);
        _options = options;
        _version = options.ProtocolVersion;
        _session = session ?? new MqttSessionState(options, spansConnections: false);
        _cleanStart = cleanStart ?? options.CleanSession;
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _pending = new PendingRequests(_session.Identifiers);
        _outgoing = new OutgoingPackets(MaxQueuedPublishes, _version);
        _keepAlive = new KeepAliveMonitor(options.KeepAlive, _timeProvider);
        _sendLimits = new SendLimits(options.MaxInflightPublishes, long.MaxValue, MqttQualityOfService.ExactlyOnce, RetainAvailable: true, _version);
    }

    public bool IsConnected => Volatile.Read(ref _state) == StateConnected;

    public Task Disconnected => _disconnected.Task;

    public ChannelReader<MqttReceivedMessage> Messages => _session.Messages.Reader;

    /// <summary>The broker's CONNACK, once connected.</summary>
    internal MqttConnectResult? ConnectResult { get; private set; }

    /// <summary>PUBLISH packets received on this connection so far (including those still waiting in <see cref="Messages"/>).</summary>
    internal long ReceivedPublishCount => Interlocked.Read(ref _receivedPublishes);

    /// <summary>Outbound publishes awaiting their final answer (of this client's own session), and subscriptions awaiting theirs.</summary>
    internal int PendingRequestCount => _pending.Count + (_session.SpansConnections ? 0 : _session.Outgoing.Count);

    /// <summary>Inbound QoS 1/2 messages delivered and not yet answered (PUBACK/PUBREC not sent).</summary>
    internal int UnacknowledgedCount => _session.Inbound.Pending;

    internal MqttSessionState Session => _session;

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
    /// Publishes. QoS 0 completes once the packet is queued for the writer; QoS 1 when the broker's PUBACK arrives, QoS 2
    /// when its PUBCOMP does (at most <see cref="MqttClientOptions.MaxInflightPublishes"/> wait at a time; more callers
    /// wait for a place). The result carries the broker's reason code (MQTT 5) or a local refusal (a packet larger than
    /// the broker accepts). Throws <see cref="ArgumentException"/> for an invalid message and
    /// <see cref="MqttConnectionLostException"/> when the connection ends before completion.
    /// </summary>
    public Task<MqttPublishResult> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var packet = PreparePublish(message, _version);
        ThrowIfNotConnected();
        return packet.Qos == MqttQualityOfService.AtMostOnce
            ? PublishAtMostOnceAsync(packet, cancellationToken)
            : PublishStoredAsync(packet, cancellationToken);
    }

    /// <summary>As <see cref="PublishAsync"/>, with a refusal by the broker reported as an <see cref="MqttException"/>.</summary>
    async Task IMqttClient.PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken) =>
        ThrowIfRefused(await PublishAsync(message, cancellationToken), message);

    public async Task<IReadOnlyList<MqttSubscribeResult>> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken)
    {
        var copy = CheckFilters(filters, _version);
        ThrowIfNotConnected();
        var request = new PendingRequest(MqttPacketType.SubAck, copy.Length);
        var packetId = _pending.Register(request, ConnectionEnded);
        SendRequest(new SubscribePacket(packetId, copy), packetId, MqttPacketType.SubAck);

        var subAck = (SubAckPacket)await request.Task.WaitAsync(cancellationToken);
        var reasonString = subAck.Properties?.ReasonString;
        var results = new MqttSubscribeResult[subAck.ReturnCodes.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var code = subAck.ReturnCodes[i];
            results[i] = _version == MqttProtocolVersion.V500
                ? new MqttSubscribeResult((MqttReasonCode)code) { ReasonString = reasonString }
                : new MqttSubscribeResult(code == SubAckPacket.Failure ? null : (MqttQualityOfService)code);
        }

        Log.Subscribed(_logger, _options.ClientId, copy.Length);
        return results;
    }

    /// <summary>Unsubscribes; returns the broker's answer per filter (MQTT 3.1.1: success for each).</summary>
    public async Task<IReadOnlyList<MqttUnsubscribeResult>> UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("UNSUBSCRIBE needs at least one topic filter", nameof(filters));
        }

        var copy = new string[filters.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            Topics.MqttTopics.ValidateFilter(filters[i], nameof(filters));
            copy[i] = filters[i];
        }

        ThrowIfNotConnected();
        var request = new PendingRequest(MqttPacketType.UnsubAck, copy.Length);
        var packetId = _pending.Register(request, ConnectionEnded);
        SendRequest(new UnsubscribePacket(packetId, copy), packetId, MqttPacketType.UnsubAck);

        var unsubAck = (UnsubAckPacket)await request.Task.WaitAsync(cancellationToken);
        var results = new MqttUnsubscribeResult[copy.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = unsubAck.ReasonCodes is { } codes
                ? new MqttUnsubscribeResult((MqttReasonCode)codes[i]) { ReasonString = unsubAck.Properties?.ReasonString }
                : new MqttUnsubscribeResult(MqttReasonCode.Success);
        }

        return results;
    }

    Task IMqttClient.UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken) =>
        UnsubscribeAsync(filters, cancellationToken);

    /// <summary>
    /// Sends DISCONNECT after what is already queued, waits (briefly) for the broker to close, and ends the connection:
    /// <see cref="Disconnected"/> completes successfully and the will is not published. A no-op once ended.
    /// </summary>
    public Task DisconnectAsync(CancellationToken cancellationToken) => DisconnectAsync(MqttReasonCode.Success, cancellationToken);

    /// <summary>
    /// As <see cref="DisconnectAsync(CancellationToken)"/>, with an MQTT 5 reason code: <see cref="MqttReasonCode.DisconnectWithWillMessage"/>
    /// asks the broker to publish the will all the same. The reason is not sent on MQTT 3.1.1.
    /// </summary>
    public async Task DisconnectAsync(MqttReasonCode reasonCode, CancellationToken cancellationToken)
    {
        if (!MqttReasonCodes.IsValid(MqttPacketType.Disconnect, (byte)reasonCode))
        {
            throw new ArgumentException($"{reasonCode} is not a DISCONNECT reason code", nameof(reasonCode));
        }

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

        await CloseGracefullyAsync(reasonCode, cancellationToken);
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
        _connectionCts.Dispose();
        _deliveryCts.Dispose();
    }

    /// <summary>Validates a message for publishing and builds its PUBLISH (identifier still 0).</summary>
    internal static PublishPacket PreparePublish(MqttApplicationMessage message, MqttProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (MqttMessageRules.Check(message) is { } problem)
        {
            throw new ArgumentException(problem, nameof(message));
        }

        var packet = MqttMessageRules.ToPacket(message, version);
        if (MqttPacketEncoder.GetSize(packet, version) < 0)
        {
            throw new ArgumentException($"a payload of {message.Payload.Length} bytes does not fit in an MQTT packet", nameof(message));
        }

        return packet;
    }

    /// <summary>Validates subscription requests for a connection of <paramref name="version"/>.</summary>
    internal static MqttTopicFilter[] CheckFilters(IReadOnlyList<MqttTopicFilter> filters, MqttProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("SUBSCRIBE needs at least one topic filter", nameof(filters));
        }

        var copy = new MqttTopicFilter[filters.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            if (MqttMessageRules.Check(filters[i], version) is { } problem)
            {
                throw new ArgumentException($"filter {i}: {problem}", nameof(filters));
            }

            copy[i] = filters[i];
        }

        return copy;
    }

    /// <summary>The <see cref="IMqttClient"/> contract has no result: a refusal becomes an exception there.</summary>
    internal static void ThrowIfRefused(MqttPublishResult result, MqttApplicationMessage message)
    {
        if (!result.IsSuccess)
        {
            throw new MqttException($"the message to \"{message.Topic}\" was not accepted: {result.ReasonCode}"
                + (result.ReasonString is null ? string.Empty : $" ({result.ReasonString})"));
        }
    }

    /// <summary>Queues a SUBSCRIBE or UNSUBSCRIBE, unless it is larger than the broker accepts (MQTT 5).</summary>
    private void SendRequest(MqttPacket packet, ushort packetId, MqttPacketType answer)
    {
        if (_sendLimits.MaximumPacketSize < int.MaxValue && MqttPacketEncoder.GetSize(packet, _version) is var size && (size < 0 || size > _sendLimits.MaximumPacketSize))
        {
            _pending.Take(packetId, answer);
            throw new ArgumentException($"the {packet.Type} packet of {size} bytes exceeds the broker's maximum packet size of {_sendLimits.MaximumPacketSize}");
        }

        if (!_outgoing.TryEnqueue(packet))
        {
            throw ConnectionEnded();
        }
    }
}
