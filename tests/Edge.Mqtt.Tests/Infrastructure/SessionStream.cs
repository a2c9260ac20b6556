using Edge.Testing;
using Microsoft.Extensions.Logging;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>
/// A publisher and a receiver, each a <see cref="ReconnectingMqttClient"/> with a persistent session, streaming
/// numbered QoS 1 and QoS 2 messages through a broker while a test breaks things. The receiving application records
/// each message and acknowledges it (or holds its acknowledgements while <see cref="HoldAcknowledgements"/> is set, as
/// an application still writing them to disk would).
/// </summary>
internal sealed class SessionStream : IAsyncDisposable
{
    public static readonly MqttReconnectOptions FastReconnect = new() { MinDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(400) };

    private readonly List<MqttReceivedMessage> _held = [];
    private readonly Lock _gate = new();
    private readonly string _topic = TestClients.NewTopic("stream");
    private readonly int _perQos;
    private Task _reading = Task.CompletedTask;
    private bool _holding;
    private int _completed;

    public SessionStream(string publisherAddress, string receiverAddress, MqttProtocolVersion version, int perQos, ILoggerFactory loggerFactory)
    {
        _perQos = perQos;
        Ledger = new DeliveryLedger(perQos);
        Publisher = new ReconnectingMqttClient(Options(publisherAddress, version, "stream-pub"), FastReconnect, loggerFactory);
        Receiver = new ReconnectingMqttClient(Options(receiverAddress, version, "stream-sub"), FastReconnect, loggerFactory);
    }

    public ReconnectingMqttClient Publisher { get; }

    public ReconnectingMqttClient Receiver { get; }

    public DeliveryLedger Ledger { get; }

    /// <summary>Publishes that have completed (with their final answer).</summary>
    public int Completed => Volatile.Read(ref _completed);

    public bool HoldAcknowledgements
    {
        get
        {
            lock (_gate)
            {
                return _holding;
            }
        }

        set
        {
            MqttReceivedMessage[] release;
            lock (_gate)
            {
                _holding = value;
                release = value ? [] : [.. _held];
                if (!value)
                {
                    _held.Clear();
                }
            }

            foreach (var message in release)
            {
                _ = message.AcknowledgeAsync().AsTask();
            }
        }
    }

    /// <summary>Connects both, subscribes the receiver, and starts its application loop.</summary>
    public async Task StartAsync()
    {
        Receiver.Start();
        Publisher.Start();
        await Receiver.SubscribeAsync([new MqttTopicFilter(_topic + "/#", MqttQualityOfService.ExactlyOnce)], CancellationToken.None).WaitAsync(TestClients.Timeout);
        await Publisher.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(TestClients.Timeout);
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>
    /// Streams both QoS levels, each with up to <paramref name="window"/> publishes outstanding and a short pause between
    /// publishes (so that a fault lands mid-stream on a fast machine too); every publish must succeed.
    /// </summary>
    public Task PublishAllAsync(int window = 8) => Task.WhenAll(StreamAsync(MqttQualityOfService.AtLeastOnce, window), StreamAsync(MqttQualityOfService.ExactlyOnce, window));

    /// <summary>Completes once <paramref name="count"/> publishes have completed.</summary>
    public async Task WhenCompletedAsync(int count)
    {
        while (Completed < count)
        {
            await Task.Delay(5);
        }
    }

    /// <summary>Waits until the receiver has every message at both levels, then a little more for late duplicates.</summary>
    public async Task WaitForAllAsync(TimeSpan timeout)
    {
        await Eventually.HoldsAsync(
            () => Task.FromResult(Ledger.HasAll(MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce)),
            all => all,
            timeout,
            $"every message received ({Ledger.Summary(MqttQualityOfService.AtLeastOnce)}; {Ledger.Summary(MqttQualityOfService.ExactlyOnce)})");
        await Task.Delay(500);
    }

    public async ValueTask DisposeAsync()
    {
        await Publisher.DisposeAsync();
        await Receiver.DisposeAsync();
        await _reading;
    }

    private static MqttClientOptions Options(string address, MqttProtocolVersion version, string prefix) => new MqttClientOptions
    {
        ClientId = TestClients.NewClientId(prefix),
        ProtocolVersion = version,
        CleanSession = false,
        KeepAlive = TimeSpan.FromSeconds(30),
        MaxInflightPublishes = 16,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    }.WithBroker(address);

    private async Task StreamAsync(MqttQualityOfService qos, int window)
    {
        using var outstanding = new SemaphoreSlim(window);
        var publishes = new List<Task<MqttPublishResult>>(_perQos);
        for (var i = 1; i <= _perQos; i++)
        {
            await outstanding.WaitAsync();
            await Task.Delay(1);
            var publish = Publisher.PublishAsync(
                new MqttApplicationMessage($"{_topic}/q{(int)qos}", System.Text.Encoding.UTF8.GetBytes(DeliveryLedger.Payload(qos, i)), qos),
                CancellationToken.None);
            publishes.Add(publish);
            _ = publish.ContinueWith(_ =>
            {
                outstanding.Release();
                Interlocked.Increment(ref _completed);
            }, TaskScheduler.Default);
        }

        foreach (var result in await Task.WhenAll(publishes))
        {
            Assert.True(result.IsSuccess, $"a publish was refused: {result.ReasonCode} {result.ReasonString}");
        }
    }

    private async Task ReadAsync()
    {
        await foreach (var message in Receiver.Messages.ReadAllAsync())
        {
            Ledger.Record(message);
            lock (_gate)
            {
                if (_holding)
                {
                    _held.Add(message);
                    continue;
                }
            }

            await message.AcknowledgeAsync();
        }
    }
}
