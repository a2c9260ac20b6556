using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Edge.Codecs;
using Edge.Codecs.Profiles;

namespace Edge.Gateway.Downlinks;

/// <summary>
/// A LoRaWAN device's config (its report interval) as the network server's downlink message. The bytes come from the
/// profile's <c>encodeDownlink({data: {reportIntervalS}, fPort})</c> when its codec has one; otherwise the default
/// encoding: fPort <see cref="DefaultFPort"/>, command byte <c>0x01</c> (set report interval) then the interval in
/// seconds as an unsigned 32-bit big-endian integer (docs/gsm-and-downlinks.md).
/// </summary>
internal static class LoRaWanConfigDownlink
{
    public const int DefaultFPort = 10;
    public const byte SetReportInterval = 0x01;

    /// <summary>The downlink's bytes, or why the profile's codec could not make them.</summary>
    public static (byte[]? Bytes, string? Error) Encode(DeviceProfile? profile, int reportIntervalS)
    {
        if (profile is { Codec: CodecKind.JavaScript, Script.CanEncode: true })
        {
            return profile.Script.Encode(string.Create(CultureInfo.InvariantCulture, $$"""{"reportIntervalS":{{reportIntervalS}}}"""), DefaultFPort);
        }

        var bytes = new byte[5];
        bytes[0] = SetReportInterval;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), (uint)reportIntervalS);
        return (bytes, null);
    }

    /// <summary>The MQTT payload for the route's network server: ChirpStack v4's command/down or The Things Stack v3's down/push JSON.</summary>
    public static byte[] Message(LoRaWanRoute route, string devEui, byte[] bytes) => route.ThingsStack
        ? JsonSerializer.SerializeToUtf8Bytes(new { downlinks = new[] { new { f_port = DefaultFPort, frm_payload = Convert.ToBase64String(bytes), priority = "NORMAL" } } })
        : JsonSerializer.SerializeToUtf8Bytes(new { devEui, confirmed = false, fPort = DefaultFPort, data = Convert.ToBase64String(bytes) });
}
