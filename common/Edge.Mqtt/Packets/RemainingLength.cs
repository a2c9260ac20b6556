using System.Buffers;

namespace Edge.Mqtt.Packets;

/// <summary>
/// The Remaining Length of the fixed header (section 2.2.3): a base-128 varint of one to four bytes, least significant
/// group first, the high bit of each byte saying another byte follows.
/// </summary>
internal static class RemainingLength
{
    /// <summary>The largest value four bytes can carry (0xFF 0xFF 0xFF 0x7F).</summary>
    public const int Max = 268_435_455;

    public const int MaxBytes = 4;

    public static int GetSize(int value) => value switch
    {
        < 0 or > Max => throw new ArgumentOutOfRangeException(nameof(value), value, $"a remaining length is 0..{Max}"),
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    /// <summary>Writes <paramref name="value"/>; returns the number of bytes written.</summary>
    public static int Write(int value, Span<byte> destination)
    {
        var size = GetSize(value);
        for (var i = 0; i < size; i++)
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            destination[i] = value > 0 ? (byte)(digit | 0x80) : digit;
        }

        return size;
    }

    /// <summary>
    /// Reads a remaining length from the start of <paramref name="source"/>: <see cref="OperationStatus.Done"/>,
    /// <see cref="OperationStatus.NeedMoreData"/> when the bytes end inside the varint, or
    /// <see cref="OperationStatus.InvalidData"/> when a fourth byte still has its continuation bit (a fifth byte is malformed).
    /// </summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> source, out int value, out int bytesConsumed)
    {
        value = 0;
        bytesConsumed = 0;
        for (var i = 0; i < MaxBytes; i++)
        {
            if (i >= source.Length)
            {
                return OperationStatus.NeedMoreData;
            }

            var b = source[i];
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                bytesConsumed = i + 1;
                return OperationStatus.Done;
            }
        }

        value = 0;
        return OperationStatus.InvalidData;
    }
}
