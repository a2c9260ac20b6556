using System.Text.Json;
using Confluent.Kafka;
using Edge.Gateway.Uplink;
using Edge.Gateway.Uplink.Kafka;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Edge.Testing;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Uplink;

/// <summary>The Kafka uplink on Debian's librdkafka, against a real broker where one is given (see <see cref="KafkaFactAttribute"/>).</summary>
public sealed class KafkaUplinkTests
{
    [KafkaFact]
    public async Task SendAsync_Batch_ArrivesOnTheContractTopicsKeyedByDevice()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var kafka = new KafkaUplinkOptions
        {
            BootstrapServers = KafkaFactAttribute.BootstrapServers!,
            ReadingsTopic = "sensor.raw." + suffix,
            AlertsTopic = "alerts.critical." + suffix,
            GapsTopic = "gateway.gaps." + suffix,
            Settings = { ["allow.auto.create.topics"] = "true" },
        };
        using var uplink = new KafkaUplink(Options.Create(new UplinkOptions { Kind = "kafka", ApiKey = "unused", Kafka = kafka }), Options.Create(new GatewayOptions { Id = "gw-kafka" }));
        var ts = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var reading = new Reading
        {
            Id = "gw-kafka:1", GatewayId = "gw-kafka", DeviceId = "rl-k1", Ts = ts, ReceivedAt = ts, Source = ReadingSources.Mqtt,
            Values = new Dictionary<string, double> { ["water_level_m"] = 1.5 },
        };

        var result = await uplink.SendAsync(new UplinkBatch([reading], [], []), CancellationToken.None);

        Assert.Empty(result.NotDelivered);
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "edge-test-" + suffix,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(kafka.ReadingsTopic);
        var message = consumer.Consume(TimeSpan.FromSeconds(30));
        Assert.NotNull(message);
        Assert.Equal("rl-k1", message.Message.Key);
        Assert.Equal("gw-kafka:1", JsonSerializer.Deserialize(message.Message.Value, TelemetryJson.Default.Reading)!.Id);
    }

    [Fact] // needs no broker: librdkafka gives up on the unreachable one after the message timeout
    public async Task SendAsync_BrokerUnreachable_NothingCountsAsDelivered()
    {
        var kafka = new KafkaUplinkOptions { BootstrapServers = "127.0.0.1:1", MessageTimeout = TimeSpan.FromSeconds(2) };
        using var uplink = new KafkaUplink(Options.Create(new UplinkOptions { Kind = "kafka", ApiKey = "unused", Kafka = kafka }), Options.Create(new GatewayOptions { Id = "gw-kafka" }));
        var ts = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var reading = new Reading
        {
            Id = "gw-kafka:2", GatewayId = "gw-kafka", DeviceId = "rl-k2", Ts = ts, ReceivedAt = ts, Source = ReadingSources.Mqtt,
            Values = new Dictionary<string, double> { ["water_level_m"] = 1.5 },
        };

        await Assert.ThrowsAsync<UplinkException>(() => uplink.SendAsync(new UplinkBatch([reading], [], []), CancellationToken.None));
    }
}
