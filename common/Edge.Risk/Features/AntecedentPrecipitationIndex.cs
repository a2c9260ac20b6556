namespace Edge.Risk.Features;

/// <summary>
/// The antecedent precipitation index on daily totals (UTC days), API_d = k * API_(d-1) + P_d (Kohler and Linsley
/// 1951; docs/risk.md), summed over the last <c>days</c> days: API_d = sum over i of k^i * P_(d-i). Rain for a day
/// older than that is ignored. Fixed memory: one double per day.
/// </summary>
public sealed class AntecedentPrecipitationIndex
{
    private readonly double[] _dailyTotals;
    private readonly double _decay;
    private long _newestDay = long.MinValue;

    public AntecedentPrecipitationIndex(double decayPerDay, int days)
    {
        if (decayPerDay is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(decayPerDay), decayPerDay, "between 0 and 1");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        _decay = decayPerDay;
        _dailyTotals = new double[days];
    }

    /// <summary>Adds <paramref name="millimetres"/> (may be negative to correct an earlier amount) to its UTC day.</summary>
    public void Add(DateTimeOffset ts, double millimetres)
    {
        var day = DayNumber(ts);
        if (_newestDay == long.MinValue)
        {
            _newestDay = day;
        }

        if (day > _newestDay)
        {
            var shift = (int)Math.Min(day - _newestDay, _dailyTotals.Length);
            Array.Copy(_dailyTotals, 0, _dailyTotals, shift, _dailyTotals.Length - shift);
            Array.Clear(_dailyTotals, 0, shift);
            _newestDay = day;
        }

        var age = _newestDay - day;
        if (age < _dailyTotals.Length)
        {
            _dailyTotals[age] += millimetres;
        }
    }

    /// <summary>
    /// The index at the end of the UTC day of <paramref name="asOf"/>, in mm (0 before any rain). Rainless days after the
    /// newest reading decay it; a day before the newest reading's is answered as of the newest reading's day.
    /// </summary>
    public double ValueAt(DateTimeOffset asOf)
    {
        if (_newestDay == long.MinValue)
        {
            return 0;
        }

        var value = 0.0;
        var weight = 1.0;
        foreach (var total in _dailyTotals)
        {
            value += weight * total;
            weight *= _decay;
        }

        var rainlessDays = DayNumber(asOf) - _newestDay;
        return rainlessDays > 0 ? value * Math.Pow(_decay, rainlessDays) : value;
    }

    private static long DayNumber(DateTimeOffset ts) => ts.UtcTicks / TimeSpan.TicksPerDay;
}
