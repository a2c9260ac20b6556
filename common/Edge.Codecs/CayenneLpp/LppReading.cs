namespace Edge.Codecs.CayenneLpp;

/// <summary>One decoded LPP item: its channel, its type and its component values in the type's order.</summary>
public sealed record LppReading(byte Channel, LppType Type, IReadOnlyList<double> Values)
{
    /// <summary>The field name of the component at <paramref name="index"/>: <c>temperature_3</c>, or <c>accelerometer_6.x</c> for multi-value types.</summary>
    public string FieldName(int index)
    {
        var suffix = Type.Components[index].Suffix;
        return suffix.Length == 0 ? $"{Type.Name}_{Channel}" : $"{Type.Name}_{Channel}.{suffix}";
    }
}
