using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Edge.Kafka;
using Edge.Telemetry;
using Edge.Testing;

namespace Edge.Cloud.Tests.Ingest.Kafka;

/// <summary>The consumer group against a real broker (<c>EDGE_TEST_KAFKA</c>): readings and poison from the topic reach the database once.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class KafkaIngestConsumerTests(PostgresServer postgres)
{
    [Fact]
    public async Task Consumer_BrokerUnreachable_BackendKeepsServingAndStops()
    {
        await using var app = await CloudApp.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Ingest:AutoRegisterUnknownDevices"] = "true",
            ["Ingest:Kafka:Enabled"] = "true",
            ["Ingest:Kafka:BootstrapServers"] = $"127.0.0.1:{FreeTcpPort.Next()}",
        });
        using var gateway = app.CreateGatewayClient();
        await Task.Delay(TimeSpan.FromSeconds(2)); // the consumer thread is up and failing to reach the broker

        var response = await gateway.PostAsJsonAsync("/api/v1/ingest",
            TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 1, "kafka-off", TestData.Now, ("rain_mm", 1))), TelemetryJson.Default.IngestBatch);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await app.DisposeAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(30), $"stopping took {stopping.Elapsed}");
    }

    [KafkaFact]
    public async Task Consume_ReadingsAndPoisonFromTheTopic_StoredOnceAndDeadLettered()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var readingsTopic = $"sensor.raw.{run}";
        await using var app = await CloudApp.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Ingest:AutoRegisterUnknownDevices"] = "true",
            ["Ingest:Kafka:Enabled"] = "true",
            ["Ingest:Kafka:BootstrapServers"] = KafkaFactAttribute.BootstrapServers,
            ["Ingest:Kafka:GroupId"] = $"edge-cloud-test-{run}",
            ["Ingest:Kafka:ReadingsTopic"] = readingsTopic,
            ["Ingest:Kafka:AlertsTopic"] = $"alerts.critical.{run}",
            ["Ingest:Kafka:GapsTopic"] = $"gateway.gaps.{run}",
            ["Ingest:Kafka:Settings:allow.auto.create.topics"] = "true",
        });
        Librdkafka.EnsureLoaded();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = KafkaFactAttribute.BootstrapServers }).Build();

        for (var seq = 1; seq <= 50; seq++)
        {
            var reading = TestData.Reading(CloudApp.GatewayId, seq, "kafka-dev", TestData.Now.AddMinutes(seq), ("rain_mm", 0.1));
            var value = JsonSerializer.SerializeToUtf8Bytes(reading, TelemetryJson.Default.Reading);
            await producer.ProduceAsync(readingsTopic, new Message<string, byte[]> { Key = reading.DeviceId, Value = value });
            if (seq % 10 == 0)
            {
                await producer.ProduceAsync(readingsTopic, new Message<string, byte[]> { Key = reading.DeviceId, Value = value }); // a duplicate delivery
            }
        }

        await producer.ProduceAsync(readingsTopic, new Message<string, byte[]> { Key = "kafka-dev", Value = Encoding.UTF8.GetBytes("{poison") });

        await Eventually.HoldsAsync(() => TestData.ScalarAsync<long>(app.ConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'kafka-dev'"),
            count => count == 50, TimeSpan.FromSeconds(60), "50 readings stored from Kafka");
        await Eventually.HoldsAsync(() => TestData.ScalarAsync<long>(app.ConnectionString, "SELECT count(*) FROM dead_letters WHERE stage = 'kafka'"),
            count => count == 1, TimeSpan.FromSeconds(30), "the poison record dead-lettered");
    }
}
