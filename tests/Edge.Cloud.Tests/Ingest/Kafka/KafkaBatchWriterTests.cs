using System.Text;
using System.Text.Json;
using Edge.Cloud.Ingest.Kafka;
using Edge.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Cloud.Tests.Ingest.Kafka;

/// <summary>What the Kafka consumer stores for a poll, against the real database (the broker itself is in <see cref="KafkaIngestConsumerTests"/>).</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class KafkaBatchWriterTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private static readonly KafkaIngestOptions Options = new();
    private readonly CloudApp _app = cloud.App;

    private static KafkaItem Item(string topic, long offset, string value) =>
        new(topic, 0, offset, Encoding.UTF8.GetBytes(value), KafkaRecordDecoder.Decode(topic, Encoding.UTF8.GetBytes(value), Options));

    private static KafkaItem ReadingItem(long offset, string gatewayId, long seq, string deviceId) => Item("sensor.raw", offset,
        JsonSerializer.Serialize(TestData.Reading(gatewayId, seq, deviceId, TestData.Now, ("water_level_m", 1.5)), TelemetryJson.Default.Reading));

    [Fact]
    public async Task Write_ReadingsAndPoison_StoresReadingsOnceAndDeadLettersThePoison()
    {
        var writer = _app.Services.GetRequiredService<KafkaBatchWriter>();
        var items = new[]
        {
            ReadingItem(1, CloudApp.GatewayId, 9001, "kf-001"),
            Item("sensor.raw", 2, "{garbage\u0000"),
            ReadingItem(3, "gw-nobody", 1, "kf-002"),
            ReadingItem(4, CloudApp.GatewayId, 9002, "kf-001"),
        };

        var stored = await writer.WriteAsync(items, CancellationToken.None);
        var again = await writer.WriteAsync(items, CancellationToken.None);

        Assert.Equal(2, stored);
        Assert.Equal(0, again);
        Assert.Equal(2, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'kf-001'"));
        Assert.Equal(2, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM dead_letters WHERE stage = 'kafka' AND payload->>'offset' = '2' AND reason LIKE 'not a contract item%'"));
        Assert.Equal(2, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM dead_letters WHERE stage = 'kafka' AND reason = 'unknown gateway gw-nobody'"));
    }

    [Fact]
    public async Task Write_ReadingForADeviceOfAnotherGateway_IsRefusedAndDeadLetteredByThePipeline()
    {
        var (_, _) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "kf-other", "gw-kf-other", "op@kf-other.local", "kf-password");
        var writer = _app.Services.GetRequiredService<KafkaBatchWriter>();
        await writer.WriteAsync([ReadingItem(1, "gw-kf-other", 1, "kf-theirs")], CancellationToken.None);

        var stored = await writer.WriteAsync([ReadingItem(2, CloudApp.GatewayId, 9100, "kf-theirs")], CancellationToken.None);

        Assert.Equal(0, stored);
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'kf-theirs'"));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM dead_letters WHERE item_id = 'gw-test:9100' AND stage = 'ingest'"));
    }
}
