using System.Collections.Frozen;

namespace Edge.Codecs.Profiles;

/// <summary>
/// Linear conversions from the units sensors report in to the canonical units of CONTRACTS section 3:
/// <c>canonical = value * Factor + Offset</c>.
/// </summary>
public static class UnitConversions
{
    private static readonly FrozenDictionary<(string From, string To), (double Factor, double Offset)> Table =
        new Dictionary<(string, string), (double, double)>
        {
            [("mm", "m")] = (0.001, 0),
            [("cm", "m")] = (0.01, 0),
            [("in", "m")] = (0.0254, 0),
            [("ft", "m")] = (0.3048, 0),
            [("cm", "mm")] = (10, 0),
            [("m", "mm")] = (1000, 0),
            [("in", "mm")] = (25.4, 0),
            [("in/h", "mm/h")] = (25.4, 0),
            [("Pa", "kPa")] = (0.001, 0),
            [("hPa", "kPa")] = (0.1, 0),
            [("mbar", "kPa")] = (0.1, 0),
            [("bar", "kPa")] = (100, 0),
            [("psi", "kPa")] = (6.894757293168361, 0),
            [("mH2O", "kPa")] = (9.80665, 0),
            [("mV", "V")] = (0.001, 0),
            [("degF", "degC")] = (5.0 / 9.0, -32 * 5.0 / 9.0),
            [("K", "degC")] = (1, -273.15),
            [("fraction", "%")] = (100, 0),
            [("rad", "deg")] = (180 / Math.PI, 0),
        }.ToFrozenDictionary();

    /// <summary>Finds the conversion from <paramref name="from"/> to <paramref name="to"/>; the same unit converts as itself.</summary>
    public static bool TryFind(string from, string to, out double factor, out double offset)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            (factor, offset) = (1, 0);
            return true;
        }

        var found = Table.TryGetValue((from, to), out var conversion);
        (factor, offset) = conversion;
        return found;
    }

    public static IEnumerable<string> From(string to) =>
        Table.Keys.Where(key => key.To == to).Select(key => key.From).Append(to);
}
