using System.Threading.Channels;
using Edge.Gateway.Sources;
using Edge.Mqtt;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Status;

/// <summary>
/// The gateway's voice on the village broker, on a connection of its own: alerts to <c>gateway/{id}/alerts</c> for
/// sirens and displays, and the retained <c>gateway/{id}/status</c> every 15 s (with <c>offline</c> as the will). Publishing never
/// blocks the pipeline: messages wait in a bounded queue while the broker is away (the oldest status updates give way
/// first), and go out in order once it is back.
/// </summary>
internal sealed partial class LocalBrokerPublisher(
    IMqttClientFactory clientFactory,
    IOptions<MqttSourceOptions> options,
    IOptions<GatewayOptions> gateway,
    GatewayStatusReporter status,
    TimeProvider timeProvider,
    ILogger<LocalBrokerPublisher> logger) : BackgroundService
{
    private const int Capacity = 10_000;
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(15);
    private readonly Channel<MqttApplicationMessage> _queue = Channel.CreateBounded<MqttApplicationMessage>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private MqttApplicationMessage? _unsent;

    /// <summary>Queues a message for the village broker; returns at once.</summary>
    public void Enqueue(MqttApplicationMessage message) => _queue.Writer.TryWrite(message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = new ReconnectBackoff(settings.MinReconnectDelay, settings.MaxReconnectDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunSessionAsync(settings, backoff, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = backoff.Next();
                LogUnavailable(delay.TotalSeconds, e.Message);
                await Task.Delay(delay, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<MqttApplicationMessage?> NextAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (_queue.Reader.TryRead(out var ready))
        {
            return ready;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timer.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        try
        {
            return await _queue.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return null; // time for the next status
        }
    }

    private async Task RunSessionAsync(MqttSourceOptions settings, ReconnectBackoff backoff, CancellationToken stoppingToken)
    {
        var gatewayId = gateway.Value.Id;
        var options = settings.ClientOptions((settings.ClientId ?? "edge-gateway-" + gatewayId) + "-out", cleanSession: true);
        options.Will = status.Offline();
        await using var client = clientFactory.Create(options);
        await client.ConnectAsync(stoppingToken);
        backoff.Reset();
        var nextStatus = timeProvider.GetUtcNow();
        try
        {
            while (true)
            {
                if (timeProvider.GetUtcNow() >= nextStatus)
                {
                    await client.PublishAsync(status.Current(), stoppingToken);
                    nextStatus = timeProvider.GetUtcNow() + StatusInterval;
                }

                var message = _unsent ?? await NextAsync(nextStatus - timeProvider.GetUtcNow(), stoppingToken);
                if (message is null)
                {
                    continue;
                }

                _unsent = message; // kept until the broker has it, so a lost connection does not lose it
                await client.PublishAsync(message, stoppingToken); // fails with MqttConnectionLostException if the connection ends
                _unsent = null;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await client.PublishAsync(status.Offline(), timeout.Token);
                await client.DisconnectAsync(timeout.Token);
            }
            catch (Exception e) when (e is MqttException or OperationCanceledException or IOException)
            {
                LogGoodbyeFailed(e.Message);
            }

            throw;
        }
    }
}
