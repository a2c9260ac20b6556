using System.Text.Json;

namespace Edge.Gateway.Decoding.LoRaWan;

/// <summary>
/// ChirpStack v4 MQTT integration events (https://www.chirpstack.io/docs/chirpstack/integrations/events.html), JSON encoding:
/// <c>application/{applicationId}/device/{devEui}/event/{up|join|status}</c>.
/// </summary>
internal static class ChirpStackEvents
{
    public const string UpFilter = "application/+/device/+/event/up";
    public const string JoinFilter = "application/+/device/+/event/join";
    public const string StatusFilter = "application/+/device/+/event/status";

    /// <summary>The event kind named by a ChirpStack topic; false for any other topic.</summary>
    public static bool TryMatch(string topic, out LoRaWanEventKind kind)
    {
        kind = default;
        if (!topic.StartsWith("application/", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = topic.Split('/');
        if (parts.Length != 6 || parts[0] != "application" || parts[2] != "device" || parts[4] != "event")
        {
            return false;
        }

        switch (parts[5])
        {
            case "up": kind = LoRaWanEventKind.Up; return true;
            case "join": kind = LoRaWanEventKind.Join; return true;
            case "status": kind = LoRaWanEventKind.Status; return true;
            default: return false;
        }
    }

    public static LoRaWanParse Parse(LoRaWanEventKind kind, ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, LoRaWanJson.ParseOptions);
        }
        catch (JsonException e)
        {
            return LoRaWanParse.Failure($"ChirpStack event is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (!LoRaWanJson.TryDevEui(LoRaWanJson.String(root, "deviceInfo", "devEui"), out var devEui))
            {
                return LoRaWanParse.Failure("ChirpStack event without a valid deviceInfo.devEui");
            }

            var time = LoRaWanJson.Time(root, "time");
            if (kind == LoRaWanEventKind.Status)
            {
                var values = new Dictionary<string, double>(StringComparer.Ordinal);
                if (LoRaWanJson.Number(root, "batteryLevel") is { } battery)
                {
                    values[LoRaWanMetrics.BatteryLevelPct] = battery;
                }

                if (LoRaWanJson.Number(root, "margin") is { } margin)
                {
                    values[LoRaWanMetrics.LinkMarginDb] = margin;
                }

                return LoRaWanParse.Success(new LoRaWanUplink(kind, devEui, null, 0, [], null, null, null, time, values));
            }

            if (kind == LoRaWanEventKind.Join)
            {
                return LoRaWanParse.Success(new LoRaWanUplink(kind, devEui, null, 0, [], null, null, null, time, new Dictionary<string, double>()));
            }

            if (!LoRaWanJson.TryPayload(root, "data", out var bytes))
            {
                return LoRaWanParse.Failure("ChirpStack uplink data is not base64", devEui);
            }

            var (rssi, snr) = LoRaWanJson.BestReception(LoRaWanJson.Property(root, "rxInfo"), "rssi", "snr");
            var fCnt = LoRaWanJson.Number(root, "fCnt");
            var fPort = (int)(LoRaWanJson.Number(root, "fPort") ?? 0);
            return LoRaWanParse.Success(new LoRaWanUplink(
                kind, devEui, fCnt is null ? null : (long)fCnt, fPort, bytes, LoRaWanJson.Decoded(root, "object"), rssi, snr, time, new Dictionary<string, double>()));
        }
    }
}
