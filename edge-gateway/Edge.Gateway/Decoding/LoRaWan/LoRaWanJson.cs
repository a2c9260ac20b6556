using System.Globalization;
using System.Text.Json;
using Edge.Codecs.Json;

namespace Edge.Gateway.Decoding.LoRaWan;

/// <summary>Pieces of JSON reading shared by the ChirpStack and The Things Stack parsers.</summary>
internal static class LoRaWanJson
{
    public static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16 };

    public static bool TryDevEui(string? text, out string devEui)
    {
        devEui = text?.ToLowerInvariant() ?? string.Empty;
        return devEui.Length == 16 && devEui.All(char.IsAsciiHexDigit);
    }

    public static JsonElement? Property(JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    public static string? String(JsonElement element, params string[] path) =>
        Property(element, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static double? Number(JsonElement element, params string[] path) =>
        Property(element, path) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    public static DateTimeOffset? Time(JsonElement element, params string[] path) =>
        String(element, path) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>Base64 application payload; an absent one is empty (a frame with only MAC commands).</summary>
    public static bool TryPayload(JsonElement element, string name, out byte[] payload)
    {
        payload = [];
        var text = String(element, name);
        if (text is null)
        {
            return true;
        }

        try
        {
            payload = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The network server's decoded object, flattened; null when it decoded nothing.</summary>
    public static IReadOnlyDictionary<string, double>? Decoded(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Object } decoded && JsonFields.Flatten(decoded) is { Succeeded: true } fields && fields.Fields!.Count > 0
            ? fields.Fields
            : null;

    /// <summary>The strongest reception among the gateways that heard the frame: best RSSI and best SNR, each on its own.</summary>
    public static (double? Rssi, double? Snr) BestReception(JsonElement? receptions, string rssiName, string snrName)
    {
        double? rssi = null, snr = null;
        if (receptions is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var reception in array.EnumerateArray())
            {
                if (Number(reception, rssiName) is { } r && (rssi is null || r > rssi))
                {
                    rssi = r;
                }

                if (Number(reception, snrName) is { } s && (snr is null || s > snr))
                {
                    snr = s;
                }
            }
        }

        return (rssi, snr);
    }
}
