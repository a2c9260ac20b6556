using System.Text;
using System.Text.Json;
using Edge.Cloud.Ingest.Kafka;
using Edge.Telemetry;

namespace Edge.Cloud.Tests.Ingest.Kafka;

public sealed class KafkaRecordDecoderTests
{
    private static readonly KafkaIngestOptions Options = new();

    private static DecodedRecord Decode(string topic, string value) => KafkaRecordDecoder.Decode(topic, Encoding.UTF8.GetBytes(value), Options);

    [Fact]
    public void Decode_ReadingOfSensorRaw_IsAReadingOfItsGateway()
    {
        var json = JsonSerializer.Serialize(TestData.Reading("gw-01", 42, "rg-001", TestData.Now, ("rain_mm", 0.4)), TelemetryJson.Default.Reading);

        var decoded = Decode("sensor.raw", json);

        Assert.Null(decoded.Poison);
        Assert.Equal("gw-01", decoded.GatewayId);
        Assert.Equal("gw-01:42", decoded.Reading?.Id);
    }

    [Fact]
    public void Decode_AlertOfAlertsCritical_IsAnAlert()
    {
        const string json = """{"v":1,"id":"gw-01:43","gatewayId":"gw-01","deviceId":"rl-1","rule":"water_level_m>=2.5","metric":"water_level_m","severity":"critical","state":"raised","value":2.7,"threshold":2.5,"ts":"2026-11-21T10:00:00Z","origin":"edge"}""";

        var decoded = Decode("alerts.critical", json);

        Assert.Null(decoded.Poison);
        Assert.Equal("gw-01:43", decoded.Alert?.Id);
    }

    [Theory]
    [InlineData("sensor.raw", "", "empty record")]
    [InlineData("sensor.raw", "{not json", "not a contract item")]
    [InlineData("sensor.raw", "null", "record is JSON null")]
    [InlineData("sensor.raw", "[1,2,3]", "not a contract item")]
    [InlineData("sensor.raw", """{"v":1,"id":"gw-01:1"}""", "not a contract item")]
    [InlineData("sensor.raw", """{"v":2,"id":"gw-01:1","gatewayId":"gw-01","deviceId":"d","ts":"2026-11-21T10:00:00Z","receivedAt":"2026-11-21T10:00:00Z","source":"mqtt","values":{}}""", "unknown contract version 2")]
    [InlineData("sensor.raw", """{"v":1,"id":"gw-01:1","gatewayId":"","deviceId":"d","ts":"2026-11-21T10:00:00Z","receivedAt":"2026-11-21T10:00:00Z","source":"mqtt","values":{}}""", "record names no gateway")]
    [InlineData("gateway.status", """{"online":true}""", "records of topic gateway.status are not ingested")]
    public void Decode_PoisonRecord_SaysWhy(string topic, string value, string reason)
    {
        var decoded = Decode(topic, value);

        Assert.StartsWith(reason, decoded.Poison, StringComparison.Ordinal);
        Assert.Null(decoded.Reading);
    }

    [Fact]
    public void Decode_OversizedRecord_IsPoison()
    {
        var decoded = KafkaRecordDecoder.Decode("sensor.raw", new byte[KafkaRecordDecoder.MaxRecordBytes + 1], Options);

        Assert.StartsWith("record of", decoded.Poison, StringComparison.Ordinal);
    }
}
