using Edge.Gateway.Decoding.LoRaWan;
using Edge.Mqtt;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Sources;

/// <summary>
/// Holds the gateway's persistent MQTT session with the village broker from a supervised loop: connect, subscribe to
/// device telemetry at QoS 1, hand every message to the journal with its acknowledgement, and on any loss wait
/// (exponential backoff with jitter) and connect again. The broker keeps unacknowledged messages for the session and
/// delivers them again, so a crash between receipt and journal commit loses nothing.
/// </summary>
internal sealed partial class MqttTelemetrySource(
    IMqttClientFactory clientFactory,
    InboundQueue queue,
    IOptions<MqttSourceOptions> options,
    IOptions<GatewayOptions> gateway,
    GatewayState state,
    TimeProvider timeProvider,
    ILogger<MqttTelemetrySource> logger) : BackgroundService
{
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
                state.MqttConnected = false;
                var delay = backoff.Next();
                LogConnectionLost(settings.Broker, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RunSessionAsync(MqttSourceOptions settings, ReconnectBackoff backoff, CancellationToken stoppingToken)
    {
        var gatewayId = gateway.Value.Id;
        var options = settings.ClientOptions(settings.ClientId ?? "edge-gateway-" + gatewayId, cleanSession: false);
        options.MaxPendingMessages = Math.Min(settings.MaxPendingMessages, 65_535);
        options.MaxIncomingPacketBytes = settings.MaxPacketBytes;
        await using var client = clientFactory.Create(options);

        var connected = await client.ConnectAsync(stoppingToken);
        await client.SubscribeAsync(
            [
                new MqttTopicFilter(DeviceTopics.AllTelemetry, MqttQualityOfService.AtLeastOnce),
                new MqttTopicFilter(DeviceTopics.AllLppTelemetry, MqttQualityOfService.AtLeastOnce),
                new MqttTopicFilter(ChirpStackEvents.UpFilter, MqttQualityOfService.AtLeastOnce),
                new MqttTopicFilter(ChirpStackEvents.JoinFilter, MqttQualityOfService.AtLeastOnce),
                new MqttTopicFilter(ChirpStackEvents.StatusFilter, MqttQualityOfService.AtLeastOnce),
                new MqttTopicFilter(ThingsStackUplinks.UpFilter, MqttQualityOfService.AtLeastOnce),
            ],
            stoppingToken);
        state.MqttConnected = true;
        backoff.Reset();
        LogConnected(settings.Broker, connected.SessionPresent);

        try
        {
            await foreach (var message in client.Messages.ReadAllAsync(stoppingToken))
            {
                await queue.Writer.WriteAsync(new InboundMessage(
                    ReadingSources.Mqtt,
                    message.Topic,
                    message.Payload,
                    timeProvider.GetUtcNow(),
                    message.Duplicate,
                    message.AcknowledgeAsync), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await SayGoodbyeAsync(client);
            throw;
        }

        state.MqttConnected = false;
        await client.Disconnected; // rethrows why the connection ended
        throw new MqttConnectionLostException("the broker closed the connection");
    }

    /// <summary>On shutdown: a clean DISCONNECT, leaving the session (and what the broker keeps for it) in place.</summary>
    private async Task SayGoodbyeAsync(IMqttClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.DisconnectAsync(timeout.Token);
        }
        catch (Exception e) when (e is MqttException or OperationCanceledException or IOException)
        {
            LogGoodbyeFailed(e.Message);
        }
    }
}
