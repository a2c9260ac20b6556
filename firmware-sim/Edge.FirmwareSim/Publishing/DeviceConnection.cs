using Edge.Mqtt;
using Edge.Telemetry;
using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim.Publishing;

/// <summary>
/// A device's link to the broker, supervised like firmware does it: connect (client id = device id, will
/// <c>offline</c>), announce <c>online</c>, deliver the buffer in order; when the connection is refused or lost,
/// reconnect after a backoff and resume with the reading that was not acknowledged. When the buffer is complete and
/// delivered, or on abort, it announces <c>offline</c> itself and disconnects cleanly (so the broker sends no will).
/// </summary>
internal sealed partial class DeviceConnection(
    string deviceId,
    SimulatorOptions options,
    MqttClientFactory clientFactory,
    DeviceCounters counters,
    TimeProvider time,
    ILogger logger,
    string? telemetryTopic = null) : IDeviceLink
{
    private readonly MqttClientOptions _clientOptions = DeviceMqtt.ClientOptions(deviceId, options);
    private readonly ReconnectBackoff _backoff = new(options.ReconnectMinDelay, options.ReconnectMaxDelay, Random.Shared);
    private readonly ReadingSender _sender = new(telemetryTopic ?? DeviceTopics.Telemetry(deviceId), options.Qos, counters);
    private int _failures;

    /// <summary>Where the config downlink goes; null: the device does not subscribe to its config.</summary>
    public DeviceSettings? Settings { get; init; }

    private enum Outcome
    {
        Finished,
        Failed,
        Lost,
    }

    public async Task RunAsync(ReadingBuffer buffer, CancellationToken abort)
    {
        while (true)
        {
            var outcome = await ConnectAndSendAsync(buffer, abort);
            if (outcome == Outcome.Finished)
            {
                return;
            }

            var delay = _backoff.Delay(outcome == Outcome.Lost ? 0 : _failures - 1);
            try
            {
                await Task.Delay(delay, time, abort);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Outcome> ConnectAndSendAsync(ReadingBuffer buffer, CancellationToken abort)
    {
        await using var client = clientFactory(_clientOptions);
        using var listen = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var connected = false;
        try
        {
            await client.ConnectAsync(abort);
            connected = true;
            counters.SetConnected(true);
            LogConnected(deviceId, _failures);
            _failures = 0;
            await client.PublishAsync(DeviceMqtt.Status(deviceId, DeviceMqtt.Online), abort);
            var listening = Settings is { } settings ? ListenForConfigAsync(client, settings, listen.Token) : Task.CompletedTask;
            await _sender.SendUntilDrainedAsync(client, buffer, abort);
            await GoOfflineAsync(client);
            await listen.CancelAsync();
            await listening;
            return Outcome.Finished;
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            if (connected)
            {
                await GoOfflineAsync(client);
            }

            return Outcome.Finished;
        }
        catch (Exception e)
        {
            counters.ErrorOccurred();
            return connected ? ConnectionLost(e) : ConnectFailed(e);
        }
        finally
        {
            await listen.CancelAsync(); // the config listener ends with the connection
            counters.SetConnected(false);
        }
    }

    private Outcome ConnectionLost(Exception e)
    {
        LogConnectionLost(deviceId, Describe(e));
        return Outcome.Lost;
    }

    private Outcome ConnectFailed(Exception e)
    {
        var reason = Describe(e);
        if (++_failures == 1)
        {
            LogConnectFailed(deviceId, _clientOptions.Host, _clientOptions.Port, reason);
        }
        else
        {
            LogConnectRetryFailed(deviceId, _failures, reason);
        }

        return Outcome.Failed;
    }

    /// <summary>
    /// Subscribes to <c>devices/{id}/config</c> (the broker sends the retained copy at once) and applies what arrives
    /// until the connection ends. A device that cannot subscribe keeps reporting on its schedule.
    /// </summary>
    private async Task ListenForConfigAsync(IMqttClient client, DeviceSettings settings, CancellationToken abort)
    {
        try
        {
            await client.SubscribeAsync([new MqttTopicFilter(DeviceTopics.Config(deviceId), MqttQualityOfService.AtLeastOnce)], abort);
            await foreach (var message in client.Messages.ReadAllAsync(abort))
            {
                if (settings.Apply(message.Payload.Span))
                {
                    LogConfigApplied(deviceId, settings.ReportInterval!.Value.TotalSeconds);
                }

                await message.AcknowledgeAsync(abort);
            }
        }
        catch (Exception e) when (e is MqttException or OperationCanceledException or IOException or NotSupportedException or ObjectDisposedException)
        {
            // The connection ended (or cannot subscribe): the sending side notices and reconnects.
        }
    }

    private static string Describe(Exception e) => e.GetType().Name + ": " + e.Message;

    private async Task GoOfflineAsync(IMqttClient client)
    {
        using var timeout = new CancellationTokenSource(options.ShutdownTimeout, time);
        try
        {
            await client.PublishAsync(DeviceMqtt.Status(deviceId, DeviceMqtt.Offline), timeout.Token);
            await client.DisconnectAsync(timeout.Token);
        }
        catch (Exception e)
        {
            LogGoOfflineFailed(deviceId, Describe(e));
        }
    }
}
