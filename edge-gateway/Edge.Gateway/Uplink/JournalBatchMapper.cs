using System.Text.Json;
using Edge.Gateway.Journal;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Uplink;

/// <summary>Turns journal entries into the contract's records, each with its id <c>{gatewayId}:{seq}</c>.</summary>
internal static class JournalBatchMapper
{
    public static string Id(string gatewayId, long seq) => gatewayId + ":" + seq.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The batch of these entries; its records are made only if a transport asks for them (see <see cref="ToRecords"/>).</summary>
    public static UplinkBatch ToBatch(string gatewayId, IReadOnlyList<JournalEntry> entries) => new(gatewayId, entries);

    public static (IReadOnlyList<Reading> Readings, IReadOnlyList<Alert> Alerts, IReadOnlyList<Gap> Gaps) ToRecords(string gatewayId, IReadOnlyList<JournalEntry> entries)
    {
        var readings = new List<Reading>(entries.Count);
        var alerts = new List<Alert>();
        var gaps = new List<Gap>();
        foreach (var entry in entries)
        {
            var id = Id(gatewayId, entry.Seq);
            switch (entry.Kind)
            {
                case JournalEntryKind.Reading:
                    readings.Add(new Reading
                    {
                        Id = id,
                        GatewayId = gatewayId,
                        DeviceId = entry.DeviceId,
                        Ts = entry.Ts,
                        ReceivedAt = entry.ReceivedAt,
                        Source = entry.Source,
                        Seq = entry.DeviceSeq,
                        Values = JsonSerializer.Deserialize(entry.Body, TelemetryJson.Default.DictionaryStringDouble)!,
                    });
                    break;
                case JournalEntryKind.Alert:
                    alerts.Add(JsonSerializer.Deserialize(entry.Body, TelemetryJson.Default.Alert)! with { Id = id, GatewayId = gatewayId });
                    break;
                case JournalEntryKind.Gap:
                    gaps.Add(JsonSerializer.Deserialize(entry.Body, TelemetryJson.Default.Gap)! with { Id = id, GatewayId = gatewayId });
                    break;
            }
        }

        return (readings, alerts, gaps);
    }
}
