namespace Edge.Codecs.CayenneLpp;

/// <summary>
/// Writes a Cayenne LPP frame (used by the device simulator and by tests). Values are rounded to the type's resolution;
/// a value that does not fit the type's wire integer is refused rather than wrapped.
/// </summary>
public sealed class LppEncoder
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public LppEncoder Add(byte channel, LppType type, params double[] values)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != type.Components.Count)
        {
            throw new ArgumentException($"LPP {type.Name} takes {type.Components.Count} value(s), got {values.Length}", nameof(values));
        }

        var bits = type.ComponentSize * 8;
        var minimum = type.IsSigned ? -(1L << (bits - 1)) : 0;
        var maximum = type.IsSigned ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        var encoded = new long[values.Length];
        for (var index = 0; index < values.Length; index++)
        {
            var scaled = Math.Round(values[index] * type.Components[index].Divisor, MidpointRounding.AwayFromZero);
            if (double.IsNaN(scaled) || scaled < minimum || scaled > maximum)
            {
                throw new ArgumentOutOfRangeException(nameof(values), values[index], $"does not fit LPP {type.Name} ({minimum / type.Components[index].Divisor} to {maximum / type.Components[index].Divisor})");
            }

            encoded[index] = (long)scaled;
        }

        _bytes.Add(channel);
        _bytes.Add(type.Code);
        foreach (var value in encoded)
        {
            for (var shift = bits - 8; shift >= 0; shift -= 8)
            {
                _bytes.Add((byte)((value >> shift) & 0xff));
            }
        }

        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
