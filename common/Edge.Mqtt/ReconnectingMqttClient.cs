using System.Threading.Channels;
using Edge.Mqtt.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Mqtt;

/// <summary>
/// An MQTT session that outlives connections: a supervised loop connects (an <see cref="MqttClient"/> per
/// connection), and when the connection is lost waits (exponential backoff with jitter) and connects again, resuming
/// the session. The session state lives here, not in the connection: outbound QoS 1 and 2 publishes stay stored until
/// their final answer and are resent (DUP) on the next connection, inbound QoS 2 identifiers are remembered until
/// PUBREL so nothing is delivered twice, and the subscriptions are remembered and made again when the broker did not
/// keep the session. <see cref="Messages"/> spans connections. See README.md, "Sessions and reconnecting".
/// </summary>
public sealed partial class ReconnectingMqttClient : IAsyncDisposable
{
    private const int StateCreated = 0;
    private const int StateRunning = 1;
    private const int StateStopped = 2;

    /// <summary>Filters per SUBSCRIBE when subscriptions are made again.</summary>
    private const int ResubscribeBatch = 64;

    private readonly MqttClientOptions _options;
    private readonly MqttReconnectOptions _reconnect;
    private readonly ILogger _logger;
    private readonly ILogger _clientLogger;
    private readonly TimeProvider _timeProvider;
    private readonly MqttSessionState _session;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<MqttTopicFilter> _subscriptions = [];
    private TaskCompletionSource<MqttClient> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MqttClient? _current;
    private Task _supervisor = Task.CompletedTask;
    private int _state;
    private int _disposed;
    private int _connections;

    /// <summary>Creates the client (not yet connecting: call <see cref="Start"/>); options are validated now.</summary>
    public ReconnectingMqttClient(
        MqttClientOptions options,
        MqttReconnectOptions? reconnect = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        MqttClientOptionsValidator.Validate(options);
        _reconnect = reconnect ?? new MqttReconnectOptions();
        if (_reconnect.MinDelay < TimeSpan.Zero || _reconnect.MaxDelay < _reconnect.MinDelay || _reconnect.Jitter is < 0 or > 1)
        {
            throw new ArgumentException("reconnect options: MinDelay >= 0, MaxDelay >= MinDelay and Jitter 0..1 are needed", nameof(reconnect));
        }

        _options = options.Clone();
        _logger = loggerFactory?.CreateLogger<ReconnectingMqttClient>() ?? (ILogger)NullLogger.Instance;
        _clientLogger = loggerFactory?.CreateLogger<MqttClient>() ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _session = new MqttSessionState(_options, spansConnections: true);
    }

    /// <summary>Raised on the supervising loop when a connection is established or lost. Keep handlers short.</summary>
    public event EventHandler<MqttConnectionChangedEventArgs>? ConnectionChanged;

    public bool IsConnected => Volatile.Read(ref _current)?.IsConnected == true;

    /// <summary>Messages from the broker across all connections, in arrival order; bounded (back-pressure as for <see cref="MqttClient"/>). Completes when stopped.</summary>
    public ChannelReader<MqttReceivedMessage> Messages => _session.Messages.Reader;

    /// <summary>Connections established so far.</summary>
    internal int ConnectionCount => Volatile.Read(ref _connections);

    internal MqttClient? CurrentClient => Volatile.Read(ref _current);

    internal MqttSessionState Session => _session;

    /// <summary>The random numbers of the jitter (tests make them fixed).</summary>
    internal Func<double> Random { get; set; } = System.Random.Shared.NextDouble;

    /// <summary>Starts the supervising loop, which connects in the background; publishes and subscriptions wait for it.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _state, StateRunning, StateCreated) != StateCreated)
        {
            throw new InvalidOperationException("Start was already called");
        }

        _supervisor = Task.Run(() => SuperviseAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Completes when a connection is established (at once if one is).</summary>
    public async Task WaitUntilConnectedAsync(CancellationToken cancellationToken) => await GetConnectedClientAsync(cancellationToken);

    /// <summary>
    /// Publishes. QoS 1 and 2 are stored in the session at once (waiting for a place when
    /// <see cref="MqttClientOptions.MaxInflightPublishes"/> are stored) and complete with their final answer, over
    /// however many connections that takes. QoS 0 waits for a connection and completes once queued on it.
    /// </summary>
    public async Task<MqttPublishResult> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var packet = MqttClient.PreparePublish(message, _options.ProtocolVersion);
        ThrowIfStopped();
        if (packet.Qos == MqttQualityOfService.AtMostOnce)
        {
            while (true)
            {
                var client = await GetConnectedClientAsync(cancellationToken);
                try
                {
                    return await client.PublishAsync(message, cancellationToken);
                }
                catch (MqttConnectionLostException) when (Volatile.Read(ref _state) == StateRunning)
                {
                    // Not queued on that connection: try the next.
                }
            }
        }

        var flow = await _session.Outgoing.AdmitAsync(packet, Stopped, _stopping.Token, cancellationToken);
        return await flow.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Subscribes on the current connection (waiting for one). The filters are remembered from this call on, and
    /// subscribed again whenever a connection starts without the session; a filter the broker refuses is forgotten.
    /// </summary>
    public async Task<IReadOnlyList<MqttSubscribeResult>> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken)
    {
        var copy = MqttClient.CheckFilters(filters, _options.ProtocolVersion);
        ThrowIfStopped();
        lock (_gate)
        {
            foreach (var filter in copy)
            {
                _subscriptions.RemoveAll(known => known.Filter == filter.Filter);
                _subscriptions.Add(filter);
            }
        }

        while (true)
        {
            var client = await GetConnectedClientAsync(cancellationToken);
            try
            {
                var results = await client.SubscribeAsync(copy, cancellationToken);
                lock (_gate)
                {
                    for (var i = 0; i < copy.Length; i++)
                    {
                        if (!results[i].Succeeded)
                        {
                            _subscriptions.Remove(copy[i]);
                        }
                    }
                }

                return results;
            }
            catch (MqttConnectionLostException) when (Volatile.Read(ref _state) == StateRunning)
            {
                // Lost before the SUBACK: subscribe again on the next connection (subscribing is idempotent).
            }
        }
    }

    /// <summary>Forgets the filters and unsubscribes on the current connection (waiting for one).</summary>
    public async Task<IReadOnlyList<MqttUnsubscribeResult>> UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var filter in filters)
        {
            Topics.MqttTopics.ValidateFilter(filter, nameof(filters));
        }

        ThrowIfStopped();
        lock (_gate)
        {
            _subscriptions.RemoveAll(known => filters.Contains(known.Filter));
        }

        while (true)
        {
            var client = await GetConnectedClientAsync(cancellationToken);
            try
            {
                return await client.UnsubscribeAsync(filters, cancellationToken);
            }
            catch (MqttConnectionLostException) when (Volatile.Read(ref _state) == StateRunning)
            {
            }
        }
    }

    /// <summary>
    /// Clean shutdown: stops reconnecting, sends DISCONNECT on the current connection (the will is not published; an
    /// MQTT 5 session is kept for its expiry interval), completes <see cref="Messages"/>, and fails publishes still
    /// waiting for an answer with <see cref="MqttConnectionLostException"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var previous = Interlocked.Exchange(ref _state, StateStopped);
        if (previous == StateStopped)
        {
            await _supervisor.WaitAsync(cancellationToken);
            return;
        }

        Log.Stopping(_logger, _options.ClientId);
        await _stopping.CancelAsync();
        if (Volatile.Read(ref _current) is { } current)
        {
            try
            {
                await current.DisconnectAsync(cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // still connecting: the cancelled connect ends it
            }
        }

        await _supervisor.WaitAsync(cancellationToken);
        EndSession();
    }

    /// <summary>Drops a live connection without DISCONNECT (the broker publishes the will), as <see cref="MqttClient.DisposeAsync"/> does.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _state, StateStopped);
        await _stopping.CancelAsync();
        if (Volatile.Read(ref _current) is { } current)
        {
            await current.DisposeAsync();
        }

        await _supervisor;
        EndSession();
        _stopping.Dispose();
    }

    private static MqttConnectionLostException Stopped() => new("the client was stopped before the operation completed");

    private void ThrowIfStopped()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _state) == StateStopped)
        {
            throw new InvalidOperationException("the client was stopped");
        }
    }

    private void EndSession()
    {
        _session.Outgoing.Close(Stopped);
        _session.Inbound.Close();
        _session.Messages.Complete();
        lock (_gate)
        {
            _connected.TrySetException(Stopped());
            _ = _connected.Task.Exception;
        }
    }

    /// <summary>The connected client, waiting for the supervisor to establish one.</summary>
    private async Task<MqttClient> GetConnectedClientAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ThrowIfStopped();
            Task<MqttClient> connected;
            lock (_gate)
            {
                connected = _connected.Task;
            }

            MqttClient client;
            try
            {
                client = await connected.WaitAsync(cancellationToken);
            }
            catch (MqttConnectionLostException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException("the client was stopped");
            }

            if (client.IsConnected)
            {
                return client;
            }

            // That connection has just ended; the supervisor replaces it in a moment.
            await Task.Delay(5, cancellationToken);
        }
    }
}
