using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Edge.FirmwareSim.Publishing;

namespace Edge.FirmwareSim.LoRaWan;

/// <summary>
/// A reading as a LoRaWAN network server hands it to its MQTT integration, Cayenne LPP in the application payload
/// (<see cref="LppLayout"/>) on fPort 1, the reading's sequence number minus one as frame counter (fCnt counts from 0),
/// the receiving gateways' RSSI and SNR from <see cref="RadioLink"/>, the reading's time as the reception time.
/// ChirpStack v4 (https://www.chirpstack.io/docs/chirpstack/integrations/events.html, JSON encoding) and
/// The Things Stack v3 (https://www.thethingsindustries.com/docs/integrations/data-formats/) shapes; no decoded object,
/// so the gateway decodes the bytes with the device's profile.
/// </summary>
internal static class NetworkServerUplink
{
    public const string ApplicationId = "edge-sim";
    public const string TenantId = "ttn";
    public const int FPort = 1;

    public static string ChirpStackTopic(string devEui) => $"application/{ApplicationId}/device/{devEui}/event/up";

    public static string ThingsStackTopic(string deviceId) => $"v3/{ApplicationId}@{TenantId}/devices/{deviceId}/up";

    public static byte[] ChirpStack(string deviceId, string devEui, TelemetryMessage message, IReadOnlyList<Reception> receptions)
    {
        var buffer = new ArrayBufferWriter<byte>(768);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("deduplicationId", DeduplicationId(devEui, message.Seq));
            json.WriteString("time", Time(message));
            json.WriteStartObject("deviceInfo");
            json.WriteString("tenantName", TenantId);
            json.WriteString("applicationId", ApplicationId);
            json.WriteString("applicationName", ApplicationId);
            json.WriteString("deviceProfileName", LppLayout.ProfileId);
            json.WriteString("deviceName", deviceId);
            json.WriteString("devEui", devEui);
            json.WriteEndObject();
            json.WriteString("devAddr", DevAddr(devEui));
            json.WriteBoolean("adr", true);
            json.WriteNumber("dr", 5);
            json.WriteNumber("fCnt", message.Seq - 1);
            json.WriteNumber("fPort", FPort);
            json.WriteBoolean("confirmed", false);
            json.WriteString("data", Convert.ToBase64String(LppLayout.Encode(message.Values)));
            json.WriteStartArray("rxInfo");
            foreach (var reception in receptions)
            {
                json.WriteStartObject();
                json.WriteString("gatewayId", reception.GatewayId);
                json.WriteNumber("rssi", reception.RssiDbm);
                json.WriteNumber("snr", reception.SnrDb);
                json.WriteString("nsTime", Time(message));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("txInfo");
            json.WriteNumber("frequency", 868_100_000);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] ThingsStack(string deviceId, string devEui, TelemetryMessage message, IReadOnlyList<Reception> receptions)
    {
        var buffer = new ArrayBufferWriter<byte>(768);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("end_device_ids");
            json.WriteString("device_id", deviceId);
            json.WriteStartObject("application_ids");
            json.WriteString("application_id", ApplicationId);
            json.WriteEndObject();
            json.WriteString("dev_eui", devEui.ToUpperInvariant());
            json.WriteString("dev_addr", DevAddr(devEui).ToUpperInvariant());
            json.WriteEndObject();
            json.WriteString("received_at", Time(message));
            json.WriteStartObject("uplink_message");
            json.WriteNumber("f_port", FPort);
            json.WriteNumber("f_cnt", message.Seq - 1);
            json.WriteString("frm_payload", Convert.ToBase64String(LppLayout.Encode(message.Values)));
            json.WriteStartArray("rx_metadata");
            foreach (var reception in receptions)
            {
                json.WriteStartObject();
                json.WriteStartObject("gateway_ids");
                json.WriteString("gateway_id", "sim-gw-" + reception.GatewayId[^2..]);
                json.WriteString("eui", reception.GatewayId.ToUpperInvariant());
                json.WriteEndObject();
                json.WriteNumber("rssi", reception.RssiDbm);
                json.WriteNumber("channel_rssi", reception.RssiDbm);
                json.WriteNumber("snr", reception.SnrDb);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("received_at", Time(message));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Time(TelemetryMessage message) =>
        message.Ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string DevAddr(string devEui) => devEui[8..];

    private static string DeduplicationId(string devEui, long seq) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(devEui + ":" + seq.ToString(CultureInfo.InvariantCulture))).AsSpan(0, 16)).ToString();
}
