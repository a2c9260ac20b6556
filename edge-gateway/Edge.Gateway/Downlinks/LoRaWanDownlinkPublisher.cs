using Edge.Gateway.Decoding.LoRaWan;
using Edge.Gateway.Status;
using Edge.Mqtt;

namespace Edge.Gateway.Downlinks;

/// <summary>
/// Config downlink for LoRaWAN devices: when a device's report interval in the gateway configuration differs from what
/// was last sent to it, its config is published (QoS 1, not retained) on its network server's downlink topic, learnt
/// from its uplinks (<see cref="LoRaWanRoutes"/>); the network server queues it for the device's next receive window.
/// A device not heard from since the start gets it after its next uplink. Each config is sent once per gateway run.
/// </summary>
internal sealed partial class LoRaWanDownlinkPublisher(
    DeviceRegistry registry,
    LoRaWanRoutes routes,
    LocalBrokerPublisher publisher,
    TimeProvider timeProvider,
    ILogger<LoRaWanDownlinkPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Per DevEUI, what was last sent (topic and payload) or could not be encoded, so each is done once.</summary>
    private readonly Dictionary<string, string> _done = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = (Config: -1, Routes: -1);
        using var timer = new PeriodicTimer(CheckInterval, timeProvider);
        do
        {
            try
            {
                var snapshot = registry.Current;
                var now = (snapshot.Version, routes.Version);
                if (now != seen)
                {
                    seen = now;
                    Publish(snapshot);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    private void Publish(DeviceRegistry.Snapshot snapshot)
    {
        foreach (var (devEui, device) in snapshot.ByDevEui)
        {
            if (device.ReportIntervalS is not { } interval || routes.Find(devEui) is not { } route)
            {
                continue;
            }

            var (profile, _) = snapshot.ProfileOf(device);
            var (bytes, error) = LoRaWanConfigDownlink.Encode(profile, interval);
            var done = $"{route.DownlinkTopic} {interval} {error ?? Convert.ToBase64String(bytes!)}";
            if (_done.TryGetValue(devEui, out var previous) && previous == done)
            {
                continue;
            }

            _done[devEui] = done;
            if (error is not null)
            {
                LogNotEncoded(device.Id, error);
                continue;
            }

            publisher.Enqueue(new MqttApplicationMessage(route.DownlinkTopic, LoRaWanConfigDownlink.Message(route, devEui, bytes!), MqttQualityOfService.AtLeastOnce));
            LogSent(device.Id, interval, route.DownlinkTopic);
        }
    }
}
