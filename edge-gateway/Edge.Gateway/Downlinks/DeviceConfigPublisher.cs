using System.Text.Json;
using Edge.Gateway.ConfigSync;
using Edge.Gateway.Status;
using Edge.Mqtt;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Downlinks;

/// <summary>
/// Config downlink for MQTT devices (CONTRACTS section 1): each device's settings from the gateway configuration
/// (today <c>{"reportIntervalS":60}</c>) published retained, QoS 1, on <c>devices/{id}/config</c> at start and whenever
/// they change, so a device gets its current config at every connect. A device that leaves the configuration, or
/// loses its settings, has its retained config cleared.
/// </summary>
internal sealed partial class DeviceConfigPublisher(
    GatewayConfigState config,
    LocalBrokerPublisher publisher,
    TimeProvider timeProvider,
    ILogger<DeviceConfigPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, byte[]> _published = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seenVersion = -1;
        using var timer = new PeriodicTimer(CheckInterval, timeProvider);
        do
        {
            var snapshot = config.Current;
            if (snapshot.Version != seenVersion && snapshot.Config is { } current)
            {
                seenVersion = snapshot.Version;
                Publish(current.Devices);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    private void Publish(IReadOnlyList<GatewayDevice> devices)
    {
        var wanted = devices.Where(d => d.ReportIntervalS is not null)
            .ToDictionary(d => d.Id, d => JsonSerializer.SerializeToUtf8Bytes(new { reportIntervalS = d.ReportIntervalS }, JsonSerializerOptions.Web), StringComparer.Ordinal);
        foreach (var (deviceId, payload) in wanted)
        {
            if (!_published.TryGetValue(deviceId, out var previous) || !previous.AsSpan().SequenceEqual(payload))
            {
                publisher.Enqueue(new MqttApplicationMessage(DeviceTopics.Config(deviceId), payload, MqttQualityOfService.AtLeastOnce, Retain: true));
                _published[deviceId] = payload;
                LogPublished(deviceId);
            }
        }

        foreach (var gone in _published.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
        {
            publisher.Enqueue(new MqttApplicationMessage(DeviceTopics.Config(gone), ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtLeastOnce, Retain: true));
            _published.Remove(gone);
            LogCleared(gone);
        }
    }
}
