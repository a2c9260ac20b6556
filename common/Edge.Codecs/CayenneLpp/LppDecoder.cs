using System.Buffers.Binary;

namespace Edge.Codecs.CayenneLpp;

/// <summary>
/// Reads a Cayenne LPP frame: a sequence of <c>channel, type, data</c> items, data big-endian (most significant byte first).
/// Byte-exact: an unknown type, a truncated item or the same channel and type twice refuses the whole frame with a reason.
/// </summary>
public static class LppDecoder
{
    public static FieldsOutcome Decode(ReadOnlySpan<byte> payload)
    {
        if (!TryRead(payload, out var readings, out var error))
        {
            return FieldsOutcome.Failure(error);
        }

        var fields = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var reading in readings)
        {
            for (var index = 0; index < reading.Values.Count; index++)
            {
                if (!fields.TryAdd(reading.FieldName(index), reading.Values[index]))
                {
                    return FieldsOutcome.Failure($"channel {reading.Channel} carries {reading.Type.Name} twice");
                }
            }
        }

        return FieldsOutcome.Success(fields);
    }

    public static bool TryRead(ReadOnlySpan<byte> payload, out IReadOnlyList<LppReading> readings, out string error)
    {
        var list = new List<LppReading>();
        readings = list;
        error = string.Empty;
        if (payload.IsEmpty)
        {
            error = "empty LPP payload";
            return false;
        }

        var offset = 0;
        while (offset < payload.Length)
        {
            if (payload.Length - offset < 2)
            {
                error = $"LPP item at byte {offset} is truncated: a channel without a type";
                return false;
            }

            var channel = payload[offset];
            var code = payload[offset + 1];
            if (!LppTypes.ByCode.TryGetValue(code, out var type))
            {
                error = $"unknown LPP type {code} (0x{code:x2}) on channel {channel} at byte {offset + 1}";
                return false;
            }

            var data = payload[(offset + 2)..];
            if (data.Length < type.DataSize)
            {
                error = $"LPP {type.Name} on channel {channel} needs {type.DataSize} data bytes, {data.Length} left";
                return false;
            }

            var values = new double[type.Components.Count];
            for (var index = 0; index < values.Length; index++)
            {
                var raw = ReadInteger(data.Slice(index * type.ComponentSize, type.ComponentSize), type.IsSigned);
                values[index] = raw / type.Components[index].Divisor;
            }

            list.Add(new LppReading(channel, type, values));
            offset += 2 + type.DataSize;
        }

        return true;
    }

    private static long ReadInteger(ReadOnlySpan<byte> bytes, bool signed)
    {
        long value = bytes.Length switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
            3 => (bytes[0] << 16) | (bytes[1] << 8) | bytes[2],
            4 => BinaryPrimitives.ReadUInt32BigEndian(bytes),
            _ => throw new ArgumentOutOfRangeException(nameof(bytes), bytes.Length, "LPP components are 1 to 4 bytes"),
        };
        if (signed)
        {
            var bits = bytes.Length * 8;
            var signBit = 1L << (bits - 1);
            if ((value & signBit) != 0)
            {
                value -= 1L << bits;
            }
        }

        return value;
    }
}
