using Edge.FirmwareSim.Scenarios;

namespace Edge.FirmwareSim.Hydrology;

/// <summary>
/// The Chicago design hyetograph (Keifer and Chu, 1957): rain intensity over a storm such that every window around
/// the peak has the intensity of the IDF curve <c>i(t) = a / (t + b)^c</c> for its length. With r the peak position,
/// tb the minutes before the peak scaled by 1/r and ta those after scaled by 1/(1 - r):
/// <c>i = a((1 - c)t' + b) / (t' + b)^(1 + c)</c>. The defaults (a 1200, b 10, c 0.8, r 0.4) give a 6 h storm of about
/// 63 mm peaking near 150 mm/h over one minute.
/// </summary>
internal sealed class DesignStorm(DesignStormDefinition definition)
{
    private readonly double _startMin = definition.StartH * 60;
    private readonly double _durationMin = definition.DurationH * 60;

    public double PeakMinute => _startMin + (definition.PeakPosition * _durationMin);

    /// <summary>The reading (minute k covers k - 1 to k) whose minute holds the peak.</summary>
    public long PeakReading => (long)Math.Floor(PeakMinute) + 1;

    /// <summary>The mean intensity in mm/h over the minute ending at <paramref name="minute"/> (midpoint rule).</summary>
    public double IntensityMmh(long minute)
    {
        var t = minute - 0.5 - _startMin;
        if (t < 0 || t >= _durationMin)
        {
            return 0;
        }

        var r = definition.PeakPosition;
        var peak = r * _durationMin;
        var scaled = t < peak ? (peak - t) / r : (t - peak) / (1 - r);
        return definition.A * (((1 - definition.C) * scaled) + definition.B) / Math.Pow(scaled + definition.B, 1 + definition.C);
    }
}
