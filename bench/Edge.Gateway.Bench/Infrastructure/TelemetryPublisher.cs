using System.Globalization;
using System.Text;
using Edge.Mqtt;
using Edge.Telemetry;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// A fast sensor fleet on one Edge.Mqtt connection: telemetry as CONTRACTS section 1 defines it
/// (<c>{"ts":"…","seq":n,"values":{"water_level_m":…,"battery_v":…}}</c>, about 95 bytes), round-robin over
/// <see cref="Devices"/> devices on <c>devices/{id}/telemetry</c>, QoS 1 with up to 256 publishes awaiting their PUBACK
/// (as fast as the broker takes them), or paced at a given rate. Every payload is distinct (its own seq and ts), so
/// the journal's duplicate check never skips one. Values stay clear of the default rules' levels.
/// </summary>
internal sealed class TelemetryPublisher(string broker, string clientId, int devices)
{
    private const int Window = 256;

    public int Devices { get; } = devices;

    /// <summary>Measurement time of message <c>i</c> (default: the time of publishing).</summary>
    public Func<long, DateTimeOffset>? Timestamps { get; init; }

    public string DeviceId(long index) => "bench-" + (index % Devices).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>Publishes messages <paramref name="first"/> .. first+count-1; <paramref name="rate"/> 0 is as fast as possible.</summary>
    public async Task<long> PublishAsync(long first, long count, double rate, CancellationToken cancellationToken)
    {
        await using var client = new MqttClient(new MqttClientOptions { ClientId = clientId, CleanSession = true, KeepAlive = TimeSpan.FromSeconds(60) }.WithBroker(broker));
        await client.ConnectAsync(cancellationToken);
        var outstanding = new Task?[Window];
        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0L; i < count; i++)
        {
            if (rate > 0)
            {
                var due = TimeSpan.FromSeconds(i / rate) - TimeProvider.System.GetElapsedTime(started);
                if (due > TimeSpan.FromMilliseconds(2))
                {
                    await Task.Delay(due, cancellationToken);
                }
            }

            var slot = (int)(i % Window);
            if (outstanding[slot] is { } previous)
            {
                await previous;
            }

            var index = first + i;
            outstanding[slot] = client.PublishAsync(Message(index), cancellationToken);
        }

        foreach (var task in outstanding)
        {
            if (task is not null)
            {
                await task;
            }
        }

        await client.DisconnectAsync(cancellationToken);
        return count;
    }

    public MqttApplicationMessage Message(long index)
    {
        var seq = (index / Devices) + 1;
        var ts = Timestamps?.Invoke(index) ?? TimeProvider.System.GetUtcNow();
        var level = 1.2 + ((seq % 10) * 0.001);
        var payload = string.Create(CultureInfo.InvariantCulture,
            $"{{\"ts\":\"{ts.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fff}Z\",\"seq\":{seq},\"values\":{{\"water_level_m\":{level:F3},\"battery_v\":3.61}}}}");
        return new MqttApplicationMessage(DeviceTopics.Telemetry(DeviceId(index)), Encoding.UTF8.GetBytes(payload), MqttQualityOfService.AtLeastOnce);
    }

    /// <summary>
    /// Creates a kept session for <paramref name="sessionClientId"/> subscribed to all telemetry at QoS 1, so that the
    /// broker queues what is published before that client connects (the gateway's session, or mosquitto_sub's).
    /// </summary>
    public static async Task CreateSessionAsync(string broker, string sessionClientId, CancellationToken cancellationToken)
    {
        await using var client = new MqttClient(new MqttClientOptions { ClientId = sessionClientId, CleanSession = false }.WithBroker(broker));
        await client.ConnectAsync(cancellationToken);
        await client.SubscribeAsync([new MqttTopicFilter(DeviceTopics.AllTelemetry, MqttQualityOfService.AtLeastOnce)], cancellationToken);
        await client.DisconnectAsync(cancellationToken);
    }

    /// <summary>Ends a kept session (connect with clean session, disconnect), so that later publishes are not queued for it.</summary>
    public static async Task DiscardSessionAsync(string broker, string sessionClientId, CancellationToken cancellationToken)
    {
        await using var client = new MqttClient(new MqttClientOptions { ClientId = sessionClientId, CleanSession = true }.WithBroker(broker));
        await client.ConnectAsync(cancellationToken);
        await client.DisconnectAsync(cancellationToken);
    }
}
