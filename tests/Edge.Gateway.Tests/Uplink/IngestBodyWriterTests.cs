using System.Text;
using System.Text.Json;
using Edge.Gateway.Journal;
using Edge.Gateway.Tests.Journal;
using Edge.Gateway.Uplink;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Tests.Uplink;

public sealed class IngestBodyWriterTests
{
    private const string GatewayId = "gw-01";

    [Fact]
    public void Write_JournalEntries_SameBytesAsTheContractSerializer()
    {
        var start = JournalEntries.Start;
        var alert = JsonSerializer.Serialize(JournalEntries.Alert("rg-\"quoted\"", 3), TelemetryJson.Default.Alert);
        var gap = JsonSerializer.Serialize(new Gap { Id = string.Empty, GatewayId = string.Empty, DeviceId = "rg-002", From = start, To = start.AddHours(1), Count = 60, Reason = "quota" }, TelemetryJson.Default.Gap);
        JournalEntry[] entries =
        [
            new(41, JournalEntryKind.Alert, "rg-\"quoted\"", start.AddMinutes(3), start.AddMinutes(3), "edge", null, alert),
            new(42, JournalEntryKind.Reading, "rg-001", start.AddMilliseconds(1234), start.AddSeconds(2), ReadingSources.Mqtt, 17, """{"water_level_m":1.84,"battery_v":3.61}"""),
            new(43, JournalEntryKind.Gap, "rg-002", start, start, "edge", null, gap),
            new(9_007_199_254_740_993, JournalEntryKind.Reading, "ünï-cödé", start.AddDays(-1), start, ReadingSources.Gsm, null, """{"rain_mm":0,"temperature_c":-12.5}"""),
        ];
        var (readings, alerts, gaps) = JournalBatchMapper.ToRecords(GatewayId, entries);
        var expected = JsonSerializer.SerializeToUtf8Bytes(new IngestBatch { GatewayId = GatewayId, Readings = readings, Alerts = alerts, Gaps = gaps }, TelemetryJson.Default.IngestBatch);

        using var written = new MemoryStream();
        IngestBodyWriter.Write(written, GatewayId, JournalBatchMapper.ToBatch(GatewayId, entries));

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written.ToArray()));
    }

    [Fact]
    public void Write_ThousandReadings_ParsesBackToEveryIdInOrder()
    {
        var entries = Enumerable.Range(1, 1000)
            .Select(i => new JournalEntry(i, JournalEntryKind.Reading, "rg-" + (i % 7), JournalEntries.Start.AddSeconds(i), JournalEntries.Start.AddSeconds(i), ReadingSources.Mqtt, i, """{"water_level_m":1.5}"""))
            .ToList();

        using var written = new MemoryStream();
        IngestBodyWriter.Write(written, GatewayId, JournalBatchMapper.ToBatch(GatewayId, entries));
        var batch = JsonSerializer.Deserialize(written.ToArray(), TelemetryJson.Default.IngestBatch)!;

        Assert.Equal(entries.Select(e => $"{GatewayId}:{e.Seq}"), batch.Readings.Select(r => r.Id));
        Assert.All(batch.Readings, r => Assert.Equal(1.5, r.Values["water_level_m"]));
        Assert.Empty(batch.Alerts);
    }

    [Fact]
    public void Write_RecordsWithoutEntries_TheContractSerializer()
    {
        var reading = new Reading { Id = "gw-01:1", GatewayId = GatewayId, DeviceId = "rg-001", Ts = JournalEntries.Start, ReceivedAt = JournalEntries.Start, Source = ReadingSources.Http, Values = new Dictionary<string, double> { ["rain_mm"] = 0.4 } };
        var expected = JsonSerializer.SerializeToUtf8Bytes(new IngestBatch { GatewayId = GatewayId, Readings = [reading] }, TelemetryJson.Default.IngestBatch);

        using var written = new MemoryStream();
        IngestBodyWriter.Write(written, GatewayId, new UplinkBatch([reading], [], []));

        Assert.Equal(expected, written.ToArray());
    }
}
