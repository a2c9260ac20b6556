using System.Text.Json;

namespace Edge.Gateway.Decoding.LoRaWan;

/// <summary>
/// The Things Stack v3 MQTT uplink messages (https://www.thethingsindustries.com/docs/integrations/data-formats/):
/// <c>v3/{appId}@{tenantId}/devices/{deviceId}/up</c> or <c>v3/{appId}/devices/{deviceId}/up</c>.
/// </summary>
internal static class ThingsStackUplinks
{
    public const string UpFilter = "v3/+/devices/+/up";

    public static bool IsUplinkTopic(string topic)
    {
        if (!topic.StartsWith("v3/", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = topic.Split('/');
        return parts.Length == 5 && parts[0] == "v3" && parts[2] == "devices" && parts[4] == "up";
    }

    public static LoRaWanParse Parse(ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, LoRaWanJson.ParseOptions);
        }
        catch (JsonException e)
        {
            return LoRaWanParse.Failure($"The Things Stack uplink is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (!LoRaWanJson.TryDevEui(LoRaWanJson.String(root, "end_device_ids", "dev_eui"), out var devEui))
            {
                return LoRaWanParse.Failure("The Things Stack uplink without a valid end_device_ids.dev_eui");
            }

            if (LoRaWanJson.Property(root, "uplink_message") is not { ValueKind: JsonValueKind.Object } uplink)
            {
                return LoRaWanParse.Failure("The Things Stack message has no uplink_message", devEui);
            }

            if (!LoRaWanJson.TryPayload(uplink, "frm_payload", out var bytes))
            {
                return LoRaWanParse.Failure("The Things Stack frm_payload is not base64", devEui);
            }

            var (rssi, snr) = LoRaWanJson.BestReception(LoRaWanJson.Property(uplink, "rx_metadata"), "rssi", "snr");
            var fCnt = LoRaWanJson.Number(uplink, "f_cnt");
            var time = LoRaWanJson.Time(uplink, "received_at") ?? LoRaWanJson.Time(root, "received_at");
            return LoRaWanParse.Success(new LoRaWanUplink(
                LoRaWanEventKind.Up, devEui, fCnt is null ? null : (long)fCnt, (int)(LoRaWanJson.Number(uplink, "f_port") ?? 0), bytes,
                LoRaWanJson.Decoded(uplink, "decoded_payload"), rssi, snr, time, new Dictionary<string, double>()));
        }
    }
}
