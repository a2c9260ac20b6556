namespace Edge.Gateway.Decoding.LoRaWan;

/// <summary>What a LoRaWAN network server's event tells the gateway, whatever server it came from.</summary>
internal enum LoRaWanEventKind
{
    /// <summary>A data uplink.</summary>
    Up,

    /// <summary>The device (re)joined: its frame counter starts again.</summary>
    Join,

    /// <summary>The device answered a DevStatusReq: battery and link margin.</summary>
    Status,
}

/// <summary>
/// One network server event, reduced to what the gateway uses: the device's DevEUI (16 lower-case hex digits), its frame
/// counter and port, the raw application payload, the server's decoded object flattened to numeric fields (when it decoded
/// one), the best RSSI and SNR among the receiving gateways, and the time the server gives.
/// </summary>
internal sealed record LoRaWanUplink(
    LoRaWanEventKind Kind,
    string DevEui,
    long? FrameCounter,
    int FPort,
    byte[] Payload,
    IReadOnlyDictionary<string, double>? Decoded,
    double? RssiDbm,
    double? SnrDb,
    DateTimeOffset? Time,
    IReadOnlyDictionary<string, double> StatusValues);

/// <summary>A parsed event, or why the JSON is not one.</summary>
internal readonly record struct LoRaWanParse(LoRaWanUplink? Uplink, string? Error, string? DevEui)
{
    public static LoRaWanParse Success(LoRaWanUplink uplink) => new(uplink, null, uplink.DevEui);

    public static LoRaWanParse Failure(string error, string? devEui = null) => new(null, error, devEui);
}
