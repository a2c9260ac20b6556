using System.Text;
using System.Text.Unicode;

namespace Edge.Mqtt.Packets;

/// <summary>
/// UTF-8 encoded strings of MQTT (section 1.5.3): a two-byte big-endian length, then at most 65,535 bytes of
/// well-formed UTF-8 without U+0000.
/// </summary>
internal static class MqttStrings
{
    public const int MaxBytes = ushort.MaxValue;

    /// <summary>True when the UTF-16 string has no unpaired surrogate (it can be encoded as UTF-8 without loss).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Why <paramref name="value"/> cannot be an MQTT string, or null when it can.</summary>
    public static string? Check(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return "contains U+0000";
        }

        if (!IsWellFormed(value))
        {
            return "contains an unpaired surrogate (not encodable as UTF-8)";
        }

        if (Encoding.UTF8.GetByteCount(value) > MaxBytes)
        {
            return $"is longer than {MaxBytes} UTF-8 bytes";
        }

        return null;
    }

    /// <summary>Decodes string bytes received from the peer, enforcing the rules of section 1.5.3.</summary>
    public static string Decode(ReadOnlySpan<byte> utf8, string what)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new MqttProtocolViolationException($"{what} is not well-formed UTF-8");
        }

        if (utf8.Contains((byte)0))
        {
            throw new MqttProtocolViolationException($"{what} contains U+0000");
        }

        return Encoding.UTF8.GetString(utf8);
    }
}
