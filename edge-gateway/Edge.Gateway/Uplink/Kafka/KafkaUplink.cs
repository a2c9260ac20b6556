using System.Text.Json;
using Confluent.Kafka;
using Edge.Kafka;
using Edge.Telemetry;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Uplink.Kafka;

/// <summary>
/// Kafka uplink (CONTRACTS section 4): readings to <c>sensor.raw</c>, alerts to <c>alerts.critical</c>, keyed by device
/// id, JSON values; an idempotent producer with acks from all in-sync replicas and lz4 compression. An item counts as
/// forwarded only when its delivery report says the broker has it.
/// </summary>
internal sealed class KafkaUplink : IUplink, IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly KafkaUplinkOptions _options;

    public KafkaUplink(IOptions<UplinkOptions> options, IOptions<GatewayOptions> gateway)
    {
        _options = options.Value.Kafka;
        Librdkafka.EnsureLoaded();
        var config = new ProducerConfig(_options.Settings)
        {
            BootstrapServers = _options.BootstrapServers,
            ClientId = "edge-gateway-" + gateway.Value.Id,
            EnableIdempotence = true,
            Acks = Acks.All,
            CompressionType = CompressionType.Lz4,
            LingerMs = 5,
            MessageTimeoutMs = (int)_options.MessageTimeout.TotalMilliseconds,
        };
        _producer = new ProducerBuilder<string, byte[]>(config).Build();
    }

    public async Task<UplinkResult> SendAsync(UplinkBatch batch, CancellationToken cancellationToken)
    {
        var deliveries = new List<(string Id, Task<DeliveryResult<string, byte[]>> Delivery)>(batch.Count);
        foreach (var alert in batch.Alerts)
        {
            deliveries.Add((alert.Id, Produce(_options.AlertsTopic, alert.DeviceId, JsonSerializer.SerializeToUtf8Bytes(alert, TelemetryJson.Default.Alert), cancellationToken)));
        }

        foreach (var gap in batch.Gaps)
        {
            deliveries.Add((gap.Id, Produce(_options.GapsTopic, gap.DeviceId, JsonSerializer.SerializeToUtf8Bytes(gap, TelemetryJson.Default.Gap), cancellationToken)));
        }

        foreach (var reading in batch.Readings)
        {
            deliveries.Add((reading.Id, Produce(_options.ReadingsTopic, reading.DeviceId, JsonSerializer.SerializeToUtf8Bytes(reading, TelemetryJson.Default.Reading), cancellationToken)));
        }

        var notDelivered = new HashSet<string>(StringComparer.Ordinal);
        string? firstError = null;
        foreach (var (id, delivery) in deliveries)
        {
            try
            {
                var result = await delivery;
                if (result.Status != PersistenceStatus.Persisted)
                {
                    notDelivered.Add(id);
                }
            }
            catch (ProduceException<string, byte[]> e)
            {
                notDelivered.Add(id);
                firstError ??= e.Error.Reason;
            }
        }

        if (notDelivered.Count == deliveries.Count && deliveries.Count > 0)
        {
            throw new UplinkException($"Kafka took none of {deliveries.Count} items: {firstError}");
        }

        return new UplinkResult([], notDelivered);
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    private Task<DeliveryResult<string, byte[]>> Produce(string topic, string key, byte[] value, CancellationToken cancellationToken) =>
        _producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = value }, cancellationToken);
}
