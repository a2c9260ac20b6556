using Edge.Gateway.Status;
using Edge.Mqtt;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Sources;

/// <summary>
/// Follows <c>devices/+/status</c> (CONTRACTS section 1: <c>online</c>/<c>offline</c>, retained, <c>offline</c> as the
/// will) on a connection of its own with a clean session: the broker's retained copies give the whole picture at every
/// connect, so nothing needs to be kept. Held by a supervised reconnect loop like the telemetry source.
/// </summary>
internal sealed partial class DeviceStatusSource(
    IMqttClientFactory clientFactory,
    DeviceStatusRegistry registry,
    IOptions<MqttSourceOptions> options,
    IOptions<GatewayOptions> gateway,
    TimeProvider timeProvider,
    ILogger<DeviceStatusSource> logger) : BackgroundService
{
    public const string AllStatus = "devices/+/status";

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

    private async Task RunSessionAsync(MqttSourceOptions settings, ReconnectBackoff backoff, CancellationToken stoppingToken)
    {
        await using var client = clientFactory.Create(settings.ClientOptions((settings.ClientId ?? "edge-gateway-" + gateway.Value.Id) + "-status", cleanSession: true));
        await client.ConnectAsync(stoppingToken);
        await client.SubscribeAsync([new MqttTopicFilter(AllStatus, MqttQualityOfService.AtLeastOnce)], stoppingToken);
        backoff.Reset();
        await foreach (var message in client.Messages.ReadAllAsync(stoppingToken))
        {
            var parts = message.Topic.Split('/');
            if (parts.Length == 3 && !registry.Record(parts[1], message.Payload.Span, timeProvider.GetUtcNow()))
            {
                LogUnknownStatus(parts[1]);
            }

            await message.AcknowledgeAsync(stoppingToken);
        }

        await client.Disconnected; // rethrows why the connection ended
        throw new MqttConnectionLostException("the broker closed the connection");
    }
}
