namespace Edge.Risk.Features;

/// <summary>Segments a rain gauge's per-report amounts (rain_mm) into rainfall events separated by a dry gap.</summary>
public static class RainfallEvents
{
    /// <summary>
    /// The events in <paramref name="rain"/> (oldest first, measurement-time order), judged at <paramref name="asOf"/>.
    /// A report's rain fell since the previous report; the first report's interval is taken as
    /// <paramref name="reportInterval"/>. An event starting within a dry gap of the first report given may have begun
    /// before it and is marked truncated.
    /// </summary>
    public static IReadOnlyList<RainfallEvent> Segment(
        ReadOnlySpan<TimedValue> rain, TimeSpan dryGap, TimeSpan reportInterval, DateTimeOffset asOf)
    {
        var events = new List<RainfallEvent>();
        DateTimeOffset? start = null, end = null;
        var depth = 0.0;
        var truncated = false;
        for (var i = 0; i < rain.Length; i++)
        {
            if (rain[i].Value <= 0)
            {
                continue;
            }

            var intervalStart = i > 0 ? rain[i - 1].Ts : rain[i].Ts - reportInterval;
            if (end is { } last && intervalStart - last >= dryGap)
            {
                events.Add(new RainfallEvent(start!.Value, last, depth, false, truncated));
                start = null;
            }

            if (start is null)
            {
                start = intervalStart;
                depth = 0;
                truncated = i == 0 || rain[i].Ts - rain[0].Ts < dryGap;
            }

            depth += rain[i].Value;
            end = rain[i].Ts;
        }

        if (start is { } open && end is { } close)
        {
            events.Add(new RainfallEvent(open, close, depth, asOf - close < dryGap, truncated));
        }

        return events;
    }
}
