using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Gateway.Journal;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Uplink;

/// <summary>
/// Writes the body of <c>POST /api/v1/ingest</c> (CONTRACTS section 4) into a stream (the request's gzip stream), in
/// the field order and formats of <see cref="IngestBatch"/> as <see cref="TelemetryJson"/> writes it. A reading is written
/// straight from its journal entry: its values are the journal's own JSON, copied as they are, so a backlog drains
/// without a dictionary, a record or an id string per reading. Alerts and gaps (few) go through their records.
/// </summary>
internal static class IngestBodyWriter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    public static void Write(Stream destination, string gatewayId, UplinkBatch batch)
    {
        using var writer = new Utf8JsonWriter(destination, Options);
        if (batch.Entries is not { } entries)
        {
            JsonSerializer.Serialize(writer, new IngestBatch { GatewayId = gatewayId, Readings = batch.Readings, Alerts = batch.Alerts, Gaps = batch.Gaps }, TelemetryJson.Default.IngestBatch);
            return;
        }

        var idPrefix = Encoding.UTF8.GetBytes(gatewayId + ":");
        writer.WriteStartObject();
        writer.WriteString("gatewayId"u8, gatewayId);
        writer.WriteStartArray("readings"u8);
        foreach (var entry in entries)
        {
            if (entry.Kind == JournalEntryKind.Reading)
            {
                WriteReading(writer, gatewayId, idPrefix, entry);
            }

            if (writer.BytesPending > 16 * 1024)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
        var (_, alerts, gaps) = JournalBatchMapper.ToRecords(gatewayId, [.. entries.Where(e => e.Kind != JournalEntryKind.Reading)]);
        writer.WritePropertyName("alerts"u8);
        JsonSerializer.Serialize(writer, alerts, TelemetryJson.Default.IReadOnlyListAlert);
        writer.WritePropertyName("gaps"u8);
        JsonSerializer.Serialize(writer, gaps, TelemetryJson.Default.IReadOnlyListGap);
        writer.WriteEndObject();
    }

    private static void WriteReading(Utf8JsonWriter writer, string gatewayId, byte[] idPrefix, JournalEntry entry)
    {
        Span<byte> id = stackalloc byte[idPrefix.Length + 20];
        idPrefix.CopyTo(id);
        Utf8Formatter.TryFormat(entry.Seq, id[idPrefix.Length..], out var digits);
        writer.WriteStartObject();
        writer.WriteNumber("v"u8, 1);
        writer.WriteString("id"u8, id[..(idPrefix.Length + digits)]);
        writer.WriteString("gatewayId"u8, gatewayId);
        writer.WriteString("deviceId"u8, entry.DeviceId);
        WriteTimestamp(writer, "ts"u8, entry.Ts);
        WriteTimestamp(writer, "receivedAt"u8, entry.ReceivedAt);
        writer.WriteString("source"u8, entry.Source);
        if (entry.DeviceSeq is { } seq)
        {
            writer.WriteNumber("seq"u8, seq);
        }

        writer.WritePropertyName("values"u8);
        writer.WriteRawValue(entry.Body, skipInputValidation: true); // written by the journal's own serializer
        writer.WriteEndObject();
    }

    /// <summary>As <see cref="UtcTimestampJsonConverter"/> writes it, without a string.</summary>
    private static void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[32];
        value.UtcDateTime.TryFormat(text, out var length, UtcTimestampJsonConverter.Format, CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..length]);
    }
}
